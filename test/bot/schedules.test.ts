import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cron from 'node-cron';
import { afterEach, describe, expect, it } from 'vitest';
import { lastFireTime } from '../../src/bot/schedules.js';
import { loadConfig } from '../../src/config.js';
import { type Running, start } from '../../src/main.js';
import { testDatabaseEnv } from '../helpers/db.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('schedules', () => {
  it('finds the last time a cron expression fired, in its time zone', () => {
    const task = cron.createTask('0 9 * * 1-5', () => {}, { timezone: 'America/New_York' });
    // Sunday 2026-12-06 20:00 UTC: the last weekday 09:00 in New York was Friday 2026-12-04 14:00 UTC.
    expect(lastFireTime(task, new Date('2026-12-06T20:00:30Z'))?.toISOString()).toBe('2026-12-04T14:00:00.000Z');
    void task.destroy();
  });

  it('posts a digest missed while leadbot was down once at startup, and none on the very first start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadbot-digest-'));
    const env = {
      LLM_PROVIDER: 'none',
      PORT: '0',
      DATABASE_PATH: join(dir, 'leadbot.db'),
      OUTBOX_DIR: join(dir, 'outbox'),
      DIGEST_CHANNEL: 'digest',
      DIGEST_CRON: '0 9 * * *',
      LOG_LEVEL: 'silent',
      ...testDatabaseEnv(),
    };
    const digests = (r: Running) => r.workspace!.store.history(r.workspace!.store.resolveChannel('digest')!.id);
    running = await start(loadConfig(env));
    // The very first start records "now" as the last digest instead of posting one.
    const first = running;
    const recorded = async () => {
      for (let i = 0; i < 200 && !(await first.app.repos.state.get('digest:last')); i++)
        await new Promise((r) => setTimeout(r, 25));
      return first.app.repos.state.get('digest:last');
    };
    expect(await recorded()).toBeDefined();
    expect(digests(running)).toEqual([]);
    // Down since two days ago: the 09:00 digest since then was missed.
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    await running.app.repos.state.set('digest:last', twoDaysAgo.toISOString(), new Date());
    await running.stop();
    running = await start(loadConfig(env));
    const workspace = running;
    const posted = await (async () => {
      for (let i = 0; i < 200 && digests(workspace).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
      return digests(workspace);
    })();
    expect(posted).toHaveLength(1);
    expect(posted[0]!.text).toContain('posted at startup');
    // The post is recorded after it is made: poll for the record rather than read it once.
    const lastPosted = async () => new Date((await workspace.app.repos.state.get('digest:last'))!).getTime();
    for (let i = 0; i < 200 && (await lastPosted()) <= twoDaysAgo.getTime(); i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(await lastPosted()).toBeGreaterThan(twoDaysAgo.getTime());
  });
});
