import { describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../src/db/client.js';

const EXPECTED_TABLES = [
  'agent_run_logs',
  'agent_runs',
  'answer_feedback',
  'app_state',
  'approval_requests',
  'companies',
  'company_features',
  'contacts',
  'conversation_memory',
  'crm_checks',
  'crm_links',
  'crm_writes',
  'directive_lessons',
  'email_drafts',
  'email_win_rate',
  'import_files',
  'import_issues',
  'inbound_issues',
  'instances',
  'jobs',
  'lead_scores',
  'leases',
  'mail_senders',
  'outreach_events',
  'outreach_sequences',
  'processed_events',
  'provider_state',
  'rate_windows',
  'sender_daily_sends',
  'source_stats',
  'spend_budgets',
  'spend_ledger',
  'suppression_list',
  'vendor_lookups',
];

describe('migrations', () => {
  it('create every table on a fresh database and are idempotent', () => {
    const handle = openDatabase(':memory:');
    const first = migrateDatabase(handle);
    expect(first.applied).toBeGreaterThan(0);
    const tables = handle.sqlite
      .prepare(
        "select name from sqlite_master where type='table' and name not like 'sqlite_%' and name not like '__drizzle%'",
      )
      .all()
      .map((r) => (r as { name: string }).name)
      .sort();
    expect(tables).toEqual(EXPECTED_TABLES);
    const schemaBefore = handle.sqlite.prepare('select sql from sqlite_master order by name').all();
    const second = migrateDatabase(handle);
    expect(second.applied).toBe(0);
    expect(handle.sqlite.prepare('select sql from sqlite_master order by name').all()).toEqual(schemaBefore);
    handle.close();
  });

  it('enforces foreign keys', () => {
    const handle = openDatabase(':memory:');
    migrateDatabase(handle);
    expect(() =>
      handle.sqlite
        .prepare("insert into agent_run_logs (run_id, kind, name, status) values ('missing', 'tool', 'x', 'ok')")
        .run(),
    ).toThrow(/FOREIGN KEY/);
    handle.close();
  });

  it('keeps one company per domain', () => {
    const handle = openDatabase(':memory:');
    migrateDatabase(handle);
    const insert = handle.sqlite.prepare(
      "insert into companies (name, normalized_name, domain, industry) values (?, ?, ?, 'healthcare')",
    );
    insert.run('Acme Health', 'acme health', 'acme.example');
    expect(() => insert.run('Acme Health Inc', 'acme health', 'acme.example')).toThrow(/UNIQUE/);
    insert.run('No Site Clinic', 'no site clinic', null);
    insert.run('Other No Site', 'other no site', null);
    handle.close();
  });
});
