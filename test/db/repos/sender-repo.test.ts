import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresStorage } from '../../../src/db/pg/storage.js';
import { openSqliteStorage, type Storage } from '../../../src/db/storage.js';
import { openTestStorage, testDatabaseEnv } from '../../helpers/db.js';

const opened: Storage[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

const open = async () => {
  const storage = await openTestStorage();
  opened.push(storage);
  return storage;
};

/** Two leadbot instances on one database: two connections (SQLite file) or two pools (one PostgreSQL schema). */
async function twoInstances(): Promise<[Storage, Storage]> {
  const url = testDatabaseEnv().DATABASE_URL;
  const path = join(mkdtempSync(join(tmpdir(), 'leadbot-senders-')), 'leadbot.db');
  const one = url ? await openPostgresStorage(url) : openSqliteStorage(path);
  opened.push(one);
  const two = url ? await openPostgresStorage(url) : openSqliteStorage(path);
  opened.push(two);
  return [one, two];
}

const t = (m: number) => new Date(Date.UTC(2026, 11, 7, 14, m));
const slot = { day: '2026-12-07', cap: 2, gapMs: 0 };

describe('sender repo', () => {
  it('keeps one row per sender; a re-sync updates the address and never unpauses', async () => {
    const { senders } = (await open()).repos;
    await senders.sync([{ name: 'ana', address: 'ana@x.example' }], t(0));
    expect(await senders.pause('ana', { reason: 'complaint', by: 'leadbot' }, t(1))).toBe(true);
    await senders.sync(
      [
        { name: 'ana', address: 'ana.ruiz@x.example' },
        { name: 'ben', address: 'ben@x.example' },
      ],
      t(2),
    );
    expect((await senders.list()).map((s) => [s.name, s.address, s.status])).toEqual([
      ['ana', 'ana.ruiz@x.example', 'paused'],
      ['ben', 'ben@x.example', 'active'],
    ]);
  });

  it('reserves up to the cap per day, gives back a slot, refuses a paused sender and sends inside the gap', async () => {
    const { senders } = (await open()).repos;
    await senders.sync([{ name: 'ana', address: 'ana@x.example' }], t(0));
    expect(await senders.reserve('ana', slot, t(1))).toEqual({ ok: true });
    expect((await senders.get('ana'))?.warmupStartedAt).toEqual(t(1));
    expect(await senders.reserve('ana', slot, t(2))).toEqual({ ok: true });
    expect(await senders.reserve('ana', slot, t(3))).toEqual({ ok: false, why: 'cap' });
    await senders.release('ana', slot.day, t(4));
    expect(await senders.reserved('ana', slot.day)).toBe(1);
    expect(await senders.reserve('ana', slot, t(5))).toEqual({ ok: true });
    // Another day has its own count; the warm-up clock keeps its first day.
    const tomorrow = { ...slot, day: '2026-12-08', gapMs: 10 * 60_000 };
    expect(await senders.reserve('ana', tomorrow, t(10))).toEqual({ ok: false, why: 'gap' });
    expect(await senders.reserve('ana', tomorrow, t(16))).toEqual({ ok: true });
    expect(await senders.get('ana')).toMatchObject({ warmupStartedAt: t(1), lastSendAt: t(16) });
    expect(await senders.reserved('ana', slot.day)).toBe(2);
    await senders.pause('ana', { reason: 'bounces', by: 'leadbot' }, t(30));
    expect(await senders.reserve('ana', { ...tomorrow, gapMs: 0 }, t(40))).toEqual({ ok: false, why: 'paused' });
    expect(await senders.reserve('nobody', slot, t(40))).toEqual({ ok: false, why: 'paused' });
  });

  it('pauses and resumes once each; a failure streak alerts once until a success clears it', async () => {
    const { senders } = (await open()).repos;
    await senders.sync([{ name: 'ana', address: 'ana@x.example' }], t(0));
    expect(await senders.recordFailure('ana', '451 try later', t(1))).toBe(1);
    expect(await senders.recordFailure('ana', 'connection refused', t(2))).toBe(2);
    expect(await senders.claimFailureAlert('ana', t(2))).toBe(true);
    expect(await senders.claimFailureAlert('ana', t(3))).toBe(false);
    await senders.recordSuccess('ana', t(4));
    expect(await senders.get('ana')).toMatchObject({ failureStreak: 0, failureAlertedAt: null });
    expect(await senders.claimFailureAlert('ana', t(5))).toBe(true);

    expect(await senders.pause('ana', { reason: '535 at AUTH', by: 'leadbot' }, t(6))).toBe(true);
    expect(await senders.pause('ana', { reason: '535 at AUTH', by: 'leadbot' }, t(7))).toBe(false);
    expect(await senders.get('ana')).toMatchObject({ status: 'paused', pauseReason: '535 at AUTH', pausedAt: t(6) });
    expect(await senders.resume('ana', t(8))).toBe(true);
    expect(await senders.resume('ana', t(9))).toBe(false);
    expect(await senders.get('ana')).toMatchObject({ status: 'active', pauseReason: null, failureAlertedAt: null });
  });

  it('holds the daily cap and the pacing gap across two instances reserving at the same time', async () => {
    const [one, two] = await twoInstances();
    await one.repos.senders.sync([{ name: 'ana', address: 'ana@x.example' }], t(0));
    const capped = { day: '2026-12-07', cap: 7, gapMs: 0 };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).repos.senders.reserve('ana', capped, t(1))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(7);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.why === 'cap')).toBe(true);
    expect(await one.repos.senders.reserved('ana', capped.day)).toBe(7);
    expect(await two.repos.senders.reserved('ana', capped.day)).toBe(7);

    // With a pacing gap, of several instances asking at once exactly one sends.
    const paced = { day: '2026-12-08', cap: 50, gapMs: 5 * 60_000 };
    const at = new Date(Date.UTC(2026, 11, 8, 14, 0));
    const racing = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? one : two).repos.senders.reserve('ana', paced, at)),
    );
    expect(racing.filter((r) => r.ok)).toHaveLength(1);
    expect(await two.repos.senders.reserved('ana', paced.day)).toBe(1);
  });
});

describe('outreach repo, per sender', () => {
  it("reads a sender's last sends with a verdict (sent or refused for the recipient), newest first", async () => {
    const { outreach } = (await open()).repos;
    const send = async (sender: string, status: 'sent' | 'failed' | 'uncertain', m: number, hard = false) =>
      (
        await outreach.insertEvent(
          { kind: 'send', status, sender, occurredAt: t(m), classification: hard ? 'hard_bounce' : null },
          t(m),
        )
      ).event.id;
    const a = await send('ana', 'sent', 1);
    const b = await send('ana', 'failed', 2, true);
    await send('ana', 'failed', 3);
    await send('ana', 'uncertain', 4);
    const c = await send('ana', 'sent', 5);
    await send('ben', 'sent', 6);
    expect((await outreach.recentSendsFrom('ana', 10)).map((e) => e.id)).toEqual([c, b, a]);
    expect((await outreach.recentSendsFrom('ana', 2)).map((e) => e.id)).toEqual([c, b]);
  });
});
