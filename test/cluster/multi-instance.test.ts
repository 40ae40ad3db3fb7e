import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { FLOW_JOB_SPEC, FLOW_JOBS } from '../../src/app/flow.js';
import { loadConfig } from '../../src/config.js';
import { buildContainer, type Container } from '../../src/container/index.js';
import { createLogger } from '../../src/logger.js';
import { isDraftable } from '../../src/pipeline/writer/write-queue.js';
import { approveLeads, operator } from '../app/helpers.js';
import { type LeadbotProcess, startLeadbot, tempLeadbotEnv } from '../helpers/process.js';

/**
 * Three leadbot processes on one PostgreSQL database share the work of 200 approved leads — enrichment, writing, and
 * sending once a person approves each draft — while one of them is killed with SIGKILL halfway: every lead still
 * finishes, nothing is stored or sent twice, and each digest is posted by one instance only.
 */

const base = process.env.TEST_POSTGRES_URL;
const LEADS = 200;
const closers: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

describe.skipIf(!base)('several instances on one PostgreSQL (skipped without TEST_POSTGRES_URL)', () => {
  it('shares 200 approved leads among three instances, survives one killed mid-run, duplicates nothing', async () => {
    const schema = `cluster${process.pid}_${Date.now().toString(36)}`;
    const url = `${base}${base!.includes('?') ? '&' : '?'}schema=${schema}`;
    const { env: fileEnv } = tempLeadbotEnv();
    const env: Record<string, string> = {
      ...fileEnv,
      DATABASE_URL: url,
      LOG_LEVEL: 'info',
      DAILY_SEND_CAP: '1000',
      DOMAIN_SEND_INTERVAL_MINUTES: '0',
      DIGEST_CRON: '* * * * *',
      DIGEST_CHANNEL: 'leads',
    };
    const sql = new pg.Client({ connectionString: base });
    await sql.connect();
    closers.push(async () => {
      await sql.query(`drop schema if exists "${schema}" cascade`);
      await sql.query(`drop schema if exists "${schema}_jobs" cascade`);
      await sql.end();
    });
    const rows = async <T>(text: string): Promise<T[]> =>
      (await sql.query(text.replaceAll('$s.', `"${schema}".`))).rows as T[];

    // The people: 200 companies approved at Gate 1, their enrichment queued (as the flow queues it after clicks).
    const people: Container = await buildContainer(
      loadConfig({ ...env, LOG_LEVEL: 'silent' }),
      createLogger({ level: 'silent' }),
      {
        role: 'cli',
      },
    );
    closers.push(() => people.close());
    const ids: number[] = [];
    for (let i = 0; i < LEADS; i++) {
      const company = await people.repos.companies.insert(
        {
          name: `Cluster Clinic ${i}`,
          normalizedName: `cluster clinic ${i}`,
          domain: `cluster-clinic-${i}.example`,
          website: `https://cluster-clinic-${i}.example`,
          industry: 'healthcare',
          address: `${i} Main St`,
          city: 'Buffalo',
          state: 'NY',
          postalCode: '14201',
          country: 'US',
          phone: null,
          employeeCount: 40,
          siteCount: 1,
          buildingSqft: 20_000,
          latitude: null,
          longitude: null,
          sources: ['test'],
          sourceRefs: {},
          foundByRunId: null,
          status: 'pending',
        },
        people.now(),
      );
      ids.push(company.id);
    }
    await approveLeads(people, ids);
    await people.jobs.register(FLOW_JOBS.enrich, FLOW_JOB_SPEC);
    await people.jobs.register(FLOW_JOBS.send, FLOW_JOB_SPEC);
    for (let i = 0; i < ids.length; i += 10)
      await people.jobs.enqueue(FLOW_JOBS.enrich, { companyIds: ids.slice(i, i + 10) });

    const instances: LeadbotProcess[] = [startLeadbot(env), startLeadbot(env), startLeadbot(env)];
    for (const leadbot of instances) closers.push(() => (leadbot.child.exitCode === null ? leadbot.kill() : undefined));

    // A person approves each draft as its card appears; sending is queued as the Approve & Send click queues it.
    const approved = new Set<number>();
    const approveNew = async () => {
      for (const draft of await people.repos.drafts.list({ status: ['pending'], limit: 500 })) {
        if (approved.has(draft.id)) continue;
        approved.add(draft.id);
        await people.draftGate.approveDraft(draft.id, operator);
        await people.jobs.enqueue(FLOW_JOBS.send, { draftId: draft.id });
      }
    };

    // Kill one instance once the work is well under way (some enrichment done, most not).
    await until(
      'enrichment under way',
      async () => {
        await approveNew();
        const [count] = await rows<{ n: number }>(
          `select count(distinct company_id)::int as n from $s.contacts where is_primary`,
        );
        return count!.n >= 20 && count!.n < LEADS - 40;
      },
      120_000,
    );
    await instances[0]!.kill();

    // Every lead finishes: enriched, drafted where a usable contact was found, approved and sent.
    await until(
      'every lead to finish',
      async () => {
        await approveNew();
        const [open] = await rows<{ n: number }>(
          `select count(*)::int as n from $s.agent_runs where status in ('queued', 'running')`,
        );
        const [unsent] = await rows<{ n: number }>(
          `select count(*)::int as n from $s.email_drafts where status in ('pending', 'approved')`,
        );
        const counts = await people.jobs.counts();
        const busy = counts.reduce((n, c) => n + c.waiting + c.running, 0);
        const enriched = new Set<number>();
        for (const run of await people.repos.runs.list({ kind: 'enrich', status: ['completed'], limit: 1000 }))
          for (const id of run.input.companyIds as number[]) enriched.add(id);
        return open!.n === 0 && unsent!.n === 0 && busy === 0 && ids.every((id) => enriched.has(id));
      },
      420_000,
    );

    // Nothing twice: one primary contact per company, one draft per company, one first email per draft.
    const primaries = await rows<{ company_id: number; n: number }>(
      `select company_id, count(*)::int as n from $s.contacts where is_primary group by company_id having count(*) > 1`,
    );
    expect(primaries).toEqual([]);
    const drafts = await rows<{ company_id: number; n: number }>(
      `select company_id, count(*)::int as n from $s.email_drafts group by company_id having count(*) > 1`,
    );
    expect(drafts).toEqual([]);
    const draftable: number[] = [];
    for (const id of ids) if (isDraftable(await people.repos.contacts.primaryFor(id))) draftable.push(id);
    const sentDrafts = await people.repos.drafts.list({ status: ['sent'], limit: 1000 });
    expect(sentDrafts.map((d) => d.companyId).sort((a, b) => a - b)).toEqual(draftable);
    expect(draftable.length).toBeGreaterThan(LEADS / 2);
    const sends = await rows<{ draft_id: number; n: number }>(
      `select draft_id, count(*)::int as n from $s.outreach_events where kind = 'send' and touch = 0 and status = 'sent' group by draft_id`,
    );
    expect(sends.every((s) => s.n === 1)).toBe(true);
    expect(sends).toHaveLength(draftable.length);
    const files = readdirSync(env.OUTBOX_DIR!).filter((f) => f.endsWith('.eml'));
    const recipients = files.map((f) => /^To: *(.*)$/im.exec(readFileSync(join(env.OUTBOX_DIR!, f), 'utf8'))?.[1]);
    expect(files).toHaveLength(draftable.length);
    expect(new Set(recipients).size).toBe(draftable.length);

    // The digest: every minute's digest posted by exactly one instance, at least one posted.
    await until('a digest', async () => instances.some((l) => l.output().includes('"msg":"digest posted"')), 90_000);
    const dues = instances.flatMap((l) =>
      l
        .output()
        .split('\n')
        .filter((line) => line.includes('"msg":"digest posted"'))
        .map((line) => (JSON.parse(line) as { due: string }).due),
    );
    expect(dues.length).toBeGreaterThan(0);
    expect(dues.every((d) => /:00\.000Z$/.test(d))).toBe(true);
    expect(new Set(dues).size).toBe(dues.length);

    for (const leadbot of instances.slice(1)) expect(await leadbot.stop()).toBe(0);
  });
});
