import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildContainer } from '../../src/container/index.js';
import { createLogger } from '../../src/logger.js';
import { cli, tempEnv } from '../helpers/cli.js';

/** How many migrations ship (migrations/meta/_journal.json), so adding one does not break these tests. */
const MIGRATIONS = (JSON.parse(readFileSync('migrations/meta/_journal.json', 'utf8')) as { entries: unknown[] }).entries
  .length;

describe('leadbot doctor', () => {
  it('prints JSON checks and exits 0 on the embedded defaults', async () => {
    const env = tempEnv();
    const result = await cli(['doctor', '--json'], env);
    expect(result.code).toBe(0);
    const report = result.json<{ ok: boolean; checks: { name: string; status: string; detail: string }[] }>();
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual([
      'config',
      'database',
      'queue',
      'instances',
      'directives',
      'llm',
      'slack',
      'approvers',
      'mail',
      'senders',
      'providers',
      'crm',
    ]);
    expect(report.checks.find((c) => c.name === 'crm')).toMatchObject({
      status: 'ok',
      detail: 'off (no HUBSPOT_TOKEN)',
    });
    expect(report.checks.find((c) => c.name === 'llm')).toMatchObject({ status: 'warn' });
    // With APPROVER_USER_IDS empty, doctor says plainly that anyone in the workspace can approve and send.
    expect(report.checks.find((c) => c.name === 'approvers')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('anyone in the workspace'),
    });
    expect(report.checks.find((c) => c.name === 'database')!.detail).toMatch(
      new RegExp(`${MIGRATIONS}/${MIGRATIONS} migrations, \\d+ tables`),
    );
    expect(existsSync(env.DATABASE_PATH!)).toBe(true);
    expect(report.checks.find((c) => c.name === 'queue')).toMatchObject({
      status: 'ok',
      detail: '0 waiting · 0 running · 0 failed (SQLite jobs table)',
    });
    expect(report.checks.find((c) => c.name === 'instances')!.detail).toBe('none heard from in the last minute');
  });

  it('reports the queue and the instances a running leadbot shares the database with', async () => {
    const env = tempEnv();
    const app = await buildContainer(loadConfig({ ...env, LOG_LEVEL: 'silent' }), createLogger({ level: 'silent' }));
    try {
      await app.jobs.register('flow-send', { retryLimit: 1, retryDelaySeconds: 1, expireInSeconds: 60 });
      await app.jobs.enqueue('flow-send', { draftId: 1 });
      const report = (await cli(['doctor', '--json'], env)).json<{ checks: { name: string; detail: string }[] }>();
      expect(report.checks.find((c) => c.name === 'queue')!.detail).toMatch(/^1 waiting · 0 running · 0 failed/);
      expect(report.checks.find((c) => c.name === 'instances')!.detail).toMatch(
        new RegExp(`^1 up in the last minute: .+:${process.pid} \\(server, `),
      );
    } finally {
      await app.close();
    }
  });

  it('exits 1 and says why when leadbot cannot run', async () => {
    const result = await cli(['doctor', '--json'], tempEnv({ DAILY_SEND_CAP: 'abc' }));
    expect(result.code).toBe(1);
    const report = result.json<{ ok: boolean; checks: { name: string; status: string; detail: string }[] }>();
    expect(report.ok).toBe(false);
    expect(report.checks[0]).toMatchObject({ name: 'config', status: 'fail' });
    expect(report.checks[0]!.detail).toMatch(/DAILY_SEND_CAP "abc" must be a whole number/);
  });
});

describe('leadbot db migrate', () => {
  it('is idempotent', async () => {
    const env = tempEnv();
    const first = await cli(['db', 'migrate', '--json'], env);
    expect(first.code).toBe(0);
    expect(first.json()).toMatchObject({ applied: MIGRATIONS, total: MIGRATIONS });
    const second = await cli(['db', 'migrate', '--json'], env);
    expect(second.json()).toMatchObject({ applied: 0, total: MIGRATIONS });
  });

  it('exits 2 listing every bad variable', async () => {
    const result = await cli(['db', 'migrate'], tempEnv({ DAILY_SEND_CAP: 'abc', SLACK_BOT_TOKEN: 'foo' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/DAILY_SEND_CAP "abc"/);
    expect(result.stderr).toMatch(/SLACK_BOT_TOKEN must be a bot token/);
    expect(result.stderr).not.toMatch(/foo/);
  });
});

describe('leadbot --help', () => {
  it('lists the commands', async () => {
    const result = await cli(['--help'], tempEnv());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/doctor/);
    expect(result.stdout).toMatch(/db/);
  });

  it('rejects an unknown command with exit 2', async () => {
    const result = await cli(['frobnicate'], tempEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command/);
  });
});
