import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { buildContainer } from '../src/container/index.js';
import { createLogger } from '../src/logger.js';
import { approveLeads } from './app/helpers.js';
import { cli } from './helpers/cli.js';
import { type StandIn, sendJson, startStandIn } from './helpers/http-server.js';
import { type LeadbotProcess, query, startLeadbot, tempLeadbotEnv, waitForDb } from './helpers/process.js';

/**
 * leadbot killed with SIGKILL in the middle of a run and started again, as a user would suffer it: the run finishes
 * under the same id, nothing is stored twice and no email leaves twice.
 */

const closers: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function run(env: Record<string, string>): LeadbotProcess {
  const leadbot = startLeadbot(env);
  closers.push(() => (leadbot.child.exitCode === null ? leadbot.kill() : undefined));
  return leadbot;
}

/** Shaped like https://hunter.io/api-documentation/v2#domain-search: one CFO per domain. */
const domainSearch = (domain: string) => ({
  data: {
    domain,
    disposable: false,
    webmail: false,
    accept_all: false,
    pattern: '{first}.{last}',
    organization: null,
    emails: [
      {
        value: `dana.whitfield@${domain}`,
        type: 'personal',
        confidence: 94,
        sources: [
          {
            domain,
            uri: `https://${domain}/team`,
            extracted_on: '2026-03-02',
            last_seen_on: '2026-10-01',
            still_on_page: true,
          },
        ],
        first_name: 'Dana',
        last_name: 'Whitfield',
        position: 'Chief Financial Officer',
        seniority: 'executive',
        department: 'finance',
        linkedin: null,
        twitter: null,
        phone_number: null,
        verification: { date: '2026-10-01', status: 'valid' },
      },
    ],
    linked_domains: [],
  },
  meta: { results: 1, limit: 10, offset: 0, params: { domain, company: null, type: null } },
});

interface RunRow {
  id: string;
  status: string;
  attempts: number;
  checkpoint: string;
  summary: string | null;
}

describe('leadbot killed during enrichment and restarted', { timeout: 60_000 }, () => {
  it('during enrichment: the same run finishes, each company keeps its one contact and gets one draft', async () => {
    const { env, db } = tempLeadbotEnv();
    const quiet = { ...env, LOG_LEVEL: 'silent' };
    const search = await cli(
      ['search-companies', '--industry', 'healthcare', '--location', 'Buffalo, NY', '--count', '4', '--json'],
      quiet,
    );
    const ids = search.json<{ companies: { id: number }[] }>().companies.map((c) => c.id);
    expect(ids).toHaveLength(4);
    // Approved by a process that died right after the decisions, before its flow started enriching (an approval
    // from the CLI or Slack now enriches at once): the server finds the approved leads at startup.
    const container = await buildContainer(loadConfig(quiet), createLogger({ level: 'silent' }));
    await approveLeads(container, ids);
    await container.close();

    // Hunter answers two companies (slowly), then stops answering until the restart.
    let phase: 'first' | 'second' = 'first';
    let accepted = 0;
    const answered: { phase: string; domain: string }[] = [];
    const held: ServerResponse[] = [];
    const hunter: StandIn = await startStandIn(async (req, res) => {
      if (req.path !== '/v2/domain-search' || req.query.get('api_key') !== 'test')
        return sendJson(res, 401, { errors: [{ id: 'authentication_failed', code: 401, details: 'No user found' }] });
      const domain = req.query.get('domain')!;
      if (phase === 'first' && accepted++ >= 2) return void held.push(res);
      await new Promise((r) => setTimeout(r, 150));
      answered.push({ phase, domain });
      sendJson(res, 200, domainSearch(domain));
    });
    closers.push(() => hunter.close());
    const live = { ...env, HUNTER_API_KEY: 'test', HUNTER_BASE_URL: hunter.url, ENRICHMENT_ORDER: 'hunter' };

    const first = run(live);
    const interrupted = await waitForDb(
      db,
      (d) => {
        const row = d.prepare("select * from agent_runs where kind = 'enrich'").get() as RunRow | undefined;
        const done = row ? (JSON.parse(row.checkpoint).enriched ?? []) : [];
        return row?.status === 'running' && done.length === 2 && held.length > 0 && row;
      },
      first,
    );
    await first.kill();
    expect(query<RunRow>(db, 'select * from agent_runs where id = ?', interrupted.id)[0]!.status).toBe('running');

    phase = 'second';
    const second = run(live);
    await waitForDb(
      db,
      (d) => {
        const runs = d.prepare("select status from agent_runs where kind in ('enrich', 'write')").all() as RunRow[];
        const drafted = d.prepare('select count(distinct company_id) as n from email_drafts').get() as { n: number };
        return runs.length === 2 && runs.every((r) => r.status === 'completed') && drafted.n === 4;
      },
      second,
    );
    expect(await second.stop()).toBe(0);

    const enrich = query<RunRow>(db, "select * from agent_runs where kind = 'enrich'");
    expect(enrich).toHaveLength(1);
    expect(enrich[0]).toMatchObject({ id: interrupted.id, status: 'completed', attempts: 1 });
    expect(enrich[0]!.summary).toMatch(/continued after an interruption \(2 enriched before it\)/);
    const resumedLogs = query(
      db,
      "select * from agent_run_logs where run_id = ? and name = 'run.resumed'",
      interrupted.id,
    );
    expect(resumedLogs).toHaveLength(1);
    // Each domain was answered once: the two done before the kill were not asked again.
    const domains = query<{ id: number; domain: string }>(db, 'select id, domain from companies order by id');
    expect(answered.map((a) => a.domain).sort()).toEqual(domains.map((c) => c.domain).sort());
    expect(answered.filter((a) => a.phase === 'first')).toHaveLength(2);
    const contacts = query<{ company_id: number; email: string; is_primary: number }>(
      db,
      'select company_id, email, is_primary from contacts order by company_id',
    );
    expect(contacts).toEqual(
      domains.map((c) => ({ company_id: c.id, email: `dana.whitfield@${c.domain}`, is_primary: 1 })),
    );
    const perCompany = query<{ n: number }>(db, 'select count(*) as n from email_drafts group by company_id');
    expect(perCompany.map((r) => r.n)).toEqual([1, 1, 1, 1]);
    const draftApprovals = query<{ n: number }>(
      db,
      "select count(*) as n from approval_requests where kind = 'draft' group by subject_id",
    );
    expect(draftApprovals.map((r) => r.n)).toEqual([1, 1, 1, 1]);
  });
});
