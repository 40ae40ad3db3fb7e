import { userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { openMigratedDatabase } from '../../src/db/client.js';
import { cli, tempEnv } from '../helpers/cli.js';

function sql<T>(env: Record<string, string>, query: string): T[] {
  const handle = openMigratedDatabase(env.DATABASE_PATH!);
  try {
    return handle.sqlite.prepare(query).all() as T[];
  } finally {
    handle.close();
  }
}

const me = () => `cli:${userInfo().username}`;

describe('leadbot suppress', () => {
  it('records the operator as the decider, suppresses at once and is idempotent', async () => {
    const env = tempEnv();
    const first = await cli(['suppress', 'Pat@Acme.example', '--reason', 'asked by phone'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^pat@acme\.example is suppressed: leadbot will never email it\. Approved by \S+ · /);
    expect(sql(env, 'select kind, value, reason, source, created_by from suppression_list')).toEqual([
      { kind: 'email', value: 'pat@acme.example', reason: 'asked by phone', source: 'cli', created_by: me() },
    ]);
    expect(
      sql(env, "select subject_id, status, decided_by, decision_source from approval_requests where kind = 'suppress'"),
    ).toEqual([{ subject_id: 'pat@acme.example', status: 'approved', decided_by: me(), decision_source: 'cli' }]);
    const domain = await cli(['suppress', 'https://www.acme.example/contact', '--json'], env);
    expect(domain.json()).toMatchObject({ applied: true, suppression: { kind: 'domain', value: 'acme.example' } });
    const covered = await cli(['suppress', 'sam@acme.example'], env);
    expect(covered.stdout).toMatch(/^sam@acme\.example was already suppressed \(domain acme\.example, since /);
  });

  it('refuses what is neither an address nor a domain, writing nothing', async () => {
    const env = tempEnv();
    const bad = await cli(['suppress', 'not an address'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      'leadbot: "not an address" is neither an email address nor a domain; give one like pat@acme.example or acme.example\n',
    );
    expect(sql(env, 'select * from suppression_list')).toEqual([]);
  });
});

describe('leadbot digest', () => {
  it('summarises the last day as text or JSON and checks --since', async () => {
    const env = tempEnv();
    const quiet = await cli(['digest'], env);
    expect(quiet.stdout).toMatch(/^leadbot digest · .*\nQuiet: nothing new, nothing waiting, nothing stuck\.\n$/);
    await cli(['search-companies', '--industry', 'healthcare', '--location', 'Buffalo, NY', '--count', '3'], env);
    const text = await cli(['digest', '--since', '2'], env);
    expect(text.stdout).toMatch(/^• New leads: 3 — /m);
    expect(text.stdout).toMatch(/^• Waiting for you: 3 leads at Gate 1$/m);
    const json = (await cli(['digest', '--json'], env)).json<{ newLeads: { total: number }; waiting: object }>();
    expect(json).toMatchObject({ newLeads: { total: 3 }, waiting: { leads: 3, drafts: 0 } });
    const bad = await cli(['digest', '--since', 'yesterday'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('leadbot: --since must be a number of hours from 1 to 2160, e.g. 24 (got "yesterday")\n');
  });
});

describe('leadbot run-stage for score, outreach and track', () => {
  it('prints each stage as one summary line, its run, and what it did', async () => {
    const env = tempEnv();
    await cli(['search-companies', '--industry', 'healthcare', '--location', 'Buffalo, NY', '--count', '3'], env);
    const score = await cli(['run-stage', 'score'], env);
    expect(score.code).toBe(0);
    expect(score.stdout).toMatch(
      /^Re-scored 3 companies with the current ICP profile: .*\nRun run_\w+\n\nID +SCORE +TIER +NAME/,
    );
    const outreach = await cli(['run-stage', 'outreach', '--json'], env);
    expect(outreach.json()).toMatchObject({ summary: 'Nothing due to send', data: { queued: [], firstEmails: [] } });
    const track = await cli(['run-stage', 'track'], env);
    expect(track.stdout).toMatch(
      /^No IMAP mailbox is configured \(IMAP_URL\).*leadbot ingest-reply FILE\.eml · Nothing stuck\n/,
    );
    expect(sql(env, "select kind, trigger, status from agent_runs where kind != 'search' order by rowid")).toEqual([
      { kind: 'score', trigger: 'cli', status: 'completed' },
      { kind: 'outreach', trigger: 'cli', status: 'completed' },
      { kind: 'track', trigger: 'cli', status: 'completed' },
    ]);
  });
});
