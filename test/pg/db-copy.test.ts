import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { runStage } from '../../src/app/stages/run-stage.js';
import { loadConfig } from '../../src/config.js';
import { buildContainer } from '../../src/container/index.js';
import { createLogger } from '../../src/logger.js';
import { approveLeads, operator } from '../app/helpers.js';
import { cli, tempEnv } from '../helpers/cli.js';

const base = process.env.TEST_POSTGRES_URL;
const fresh = () => `${base}${base!.includes('?') ? '&' : '?'}schema=copy${process.pid}_${Date.now().toString(36)}`;

describe.skipIf(!base)('leadbot db copy --to postgres:// (skipped without TEST_POSTGRES_URL)', () => {
  it('moves a SQLite database with work in it; counts match and leadbot runs on the copy', async () => {
    const env = tempEnv();
    const logger = createLogger({ level: 'silent' });
    const source = await buildContainer(loadConfig(env), logger);
    const found = await source.searchCompanies({
      industry: 'healthcare',
      location: 'Buffalo, NY',
      count: 4,
      trigger: 'cli',
    });
    const ids = found.leads.map((l) => l.company.id);
    await approveLeads(source, ids);
    await runStage(source, 'enrich', { trigger: 'cli', requestedBy: operator.id, companyIds: ids });
    await runStage(source, 'write', { trigger: 'cli', requestedBy: operator.id, companyIds: ids });
    const drafts = await source.repos.drafts.list({ limit: 100 });
    await source.close();
    expect(drafts.length).toBeGreaterThan(0);

    const url = fresh();
    const copied = await cli(['db', 'copy', '--to', url, '--json'], env);
    expect(copied.stderr).toBe('');
    expect(copied.code).toBe(0);
    const report = copied.json<{ tables: { table: string; source: number; target: number }[]; rows: number }>();
    const file = new Database(env.DATABASE_PATH!, { readonly: true });
    const count = (t: string) => (file.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n;
    for (const t of ['companies', 'contacts', 'email_drafts', 'approval_requests', 'agent_runs', 'agent_run_logs'])
      expect(report.tables.find((r) => r.table === t)).toEqual({ table: t, source: count(t), target: count(t) });
    file.close();
    expect(report.tables.map((t) => t.table)).not.toContain('jobs');

    // leadbot on the copy sees the same work, and new rows get fresh ids (sequences moved past the copied ones).
    const copy = await buildContainer(loadConfig({ ...env, DATABASE_URL: url }), logger);
    try {
      expect((await copy.repos.drafts.list({ limit: 100 })).map((d) => d.id).sort()).toEqual(
        drafts.map((d) => d.id).sort(),
      );
      const more = await copy.searchCompanies({
        industry: 'dental',
        location: 'Buffalo, NY',
        count: 2,
        trigger: 'cli',
      });
      expect(Math.min(...more.leads.map((l) => l.company.id))).toBeGreaterThan(Math.max(...ids));
    } finally {
      await copy.close();
    }

    // A second copy into the same database is refused, and nothing is changed.
    const again = await cli(['db', 'copy', '--to', url], env);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already has leadbot data \(.*companies.*\); copy into an empty database/);
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    const schema = new URL(url).searchParams.get('schema');
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.query(`drop schema if exists "${schema}_jobs" cascade`);
    await client.end();
  });

  it('refuses a target that is not a postgres:// URL', async () => {
    const result = await cli(['db', 'copy', '--to', 'mysql://x@y/z'], tempEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--to must be a postgres:\/\/ URL/);
  });
});
