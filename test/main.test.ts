import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

/** Starts `src/main.ts` as a user would and waits for the banner. */
function startLeadbot(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner:\n${out}`)), 60_000);
    child.stdout.on('data', () => {
      if (out.includes('Press Ctrl-C to stop')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${out}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => out };
}

describe('npm start', { timeout: 90_000 }, () => {
  it('starts on embedded defaults, creates every table, answers /healthz and stops cleanly on Ctrl-C', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadbot-main-'));
    const dbPath = join(dir, 'leadbot.db');
    const run = startLeadbot({ DATABASE_PATH: dbPath, PORT: '0', LLM_PROVIDER: 'none', LOG_LEVEL: 'warn' });
    await run.ready;
    const port = /http:\/\/localhost:(\d+)\/healthz/.exec(run.output())?.[1];
    expect(run.output()).toMatch(/sandbox mode/);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    const db = new Database(dbPath, { readonly: true });
    const tables = db
      .prepare(
        "select count(*) as n from sqlite_master where type='table' and name not like 'sqlite_%' and name not like '__drizzle%'",
      )
      .get() as { n: number };
    db.close();
    // the 18 of 0000_init, inbound_issues, leases, instances and jobs, import_files and import_issues, mail_senders and
    // sender_daily_sends, answer_feedback, the spend ledger, budgets and lookups, and the CRM's crm_checks, crm_links,
    // crm_writes and rate_windows
    expect(tables.n).toBe(34);
  });

  it('exits 2 with one line per problem on bad configuration, an invalid DIGEST_CRON among them', async () => {
    const run = startLeadbot({ DAILY_SEND_CAP: 'abc', SLACK_BOT_TOKEN: 'foo', DIGEST_CRON: '61 9 * * *', PORT: '0' });
    run.ready.catch(() => {});
    expect(await run.exited).toBe(2);
    const lines = run.output().trim().split('\n');
    expect(lines[0]).toBe('leadbot: invalid configuration');
    expect(lines).toHaveLength(5);
    expect(lines.some((l) => l.includes('DIGEST_CRON "61 9 * * *" is not a cron expression'))).toBe(true);
  });
});
