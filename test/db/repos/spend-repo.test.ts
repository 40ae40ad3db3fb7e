import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresStorage } from '../../../src/db/pg/storage.js';
import { openSqliteStorage, type Storage } from '../../../src/db/storage.js';
import type { NewReservation } from '../../../src/pipeline/costs/ports.js';
import { openTestStorage, testDatabaseEnv } from '../../helpers/db.js';

const opened: Storage[] = [];
afterEach(async () => {
  for (const storage of opened.splice(0)) await storage.close();
});

/** A fresh database (SQLite in memory, or a new PostgreSQL schema on the PostgreSQL pass). */
async function open(): Promise<Storage> {
  const storage = await openTestStorage();
  opened.push(storage);
  return storage;
}

/** Two instances' storages on one database: a SQLite file opened twice, or one PostgreSQL schema twice. */
async function twoInstances(): Promise<[Storage, Storage]> {
  const url = testDatabaseEnv().DATABASE_URL;
  const path = join(mkdtempSync(join(tmpdir(), 'leadbot-spend-')), 'leadbot.db');
  const first = url ? await openPostgresStorage(url) : openSqliteStorage(path);
  opened.push(first);
  const second = url ? await openPostgresStorage(url) : openSqliteStorage(path);
  opened.push(second);
  return [first, second];
}

const at = new Date('2026-12-07T10:00:00Z');
const reservation = (amountUsd: number, extra: Partial<NewReservation> = {}): NewReservation => ({
  kind: 'vendor',
  provider: 'hunter',
  step: 'hunter.find',
  runId: null,
  companyId: null,
  day: '2026-12-07',
  amountUsd,
  limits: { dailyUsd: 1, runUsd: null },
  at,
  ...extra,
});

describe('the spend ledger', () => {
  it('holds a daily limit across two instances reserving at once on the same database', async () => {
    const [a, b] = await twoInstances();
    const repos = [a.repos.spend, b.repos.spend];
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => repos[i % 2]!.reserve(reservation(0.07))));
    const granted = results.filter((r) => r.ok).length;
    expect(granted).toBe(14); // 14 × 0.07 = 0.98; a 15th would pass $1
    const refused = results.find((r) => !r.ok);
    expect(refused).toMatchObject({
      ok: false,
      refusal: { kind: 'vendor', scope: 'day', key: '2026-12-07', limitUsd: 1, askedUsd: 0.07 },
    });
    expect((await repos[1]!.budget('day:2026-12-07', 'vendor'))?.committedUsd).toBeCloseTo(0.98, 10);
    expect(await a.repos.spend.entries({})).toHaveLength(14);
  });

  it('settles on the real cost, frees the rest, and a raised limit lets the next call through', async () => {
    const { spend } = (await open()).repos;
    const first = await spend.reserve(reservation(0.9));
    expect(first.ok).toBe(true);
    expect((await spend.reserve(reservation(0.2))).ok).toBe(false);
    await spend.settle((first as { id: number }).id, { costUsd: 0.3, result: 'found', credits: 12, at });
    expect((await spend.budget('day:2026-12-07', 'vendor'))?.committedUsd).toBeCloseTo(0.3, 10);
    expect((await spend.reserve(reservation(0.2))).ok).toBe(true);
    expect((await spend.reserve(reservation(0.6))).ok).toBe(false);
    await spend.setLimit('day:2026-12-07', 'vendor', 2, at);
    expect((await spend.reserve(reservation(0.6))).ok).toBe(true);
    // Settling twice changes nothing.
    await spend.settle((first as { id: number }).id, { costUsd: 0, result: 'empty', at });
    const [entry] = await spend.entries({ from: at, to: new Date(at.getTime() + 1) });
    expect(entry).toMatchObject({ costUsd: 0.3, credits: 12, result: 'found', status: 'settled' });
  });

  it('keeps a per-run budget beside the day, and a call larger than a whole limit is refused', async () => {
    const { spend, runs } = (await open()).repos;
    for (const id of ['run_a', 'run_b', 'run_c'])
      await runs.create({ id, kind: 'enrich', trigger: 'test', startedAt: at });
    const limits = { dailyUsd: null, runUsd: 0.1 };
    expect((await spend.reserve(reservation(0.08, { runId: 'run_a', limits }))).ok).toBe(true);
    const refused = await spend.reserve(reservation(0.08, { runId: 'run_a', limits }));
    expect(refused).toMatchObject({ ok: false, refusal: { scope: 'run', key: 'run_a', spentUsd: 0.08 } });
    expect((await spend.reserve(reservation(0.08, { runId: 'run_b', limits }))).ok).toBe(true);
    expect((await spend.reserve(reservation(0.5, { runId: 'run_c', limits }))).ok).toBe(false);
  });

  it('tells about a limit once per limit value', async () => {
    const { spend } = (await open()).repos;
    await spend.reserve(reservation(0.5));
    expect(await spend.claimNotice('day:2026-12-07', 'vendor', 1, at)).toBe(true);
    expect(await spend.claimNotice('day:2026-12-07', 'vendor', 1, at)).toBe(false);
    expect(await spend.claimNotice('day:2026-12-07', 'vendor', 2, at)).toBe(true);
  });
});

describe('the records of paid lookups', () => {
  it('answers within the window and keeps the latest answer', async () => {
    const { lookups } = (await open()).repos;
    await lookups.save('hunter', 'domain:acme.example', {
      answer: { n: 1 },
      costUsd: 0.02,
      runId: 'r1',
      createdAt: at,
    });
    expect(await lookups.find('hunter', 'domain:acme.example', new Date(at.getTime() - 1))).toMatchObject({
      answer: { n: 1 },
      costUsd: 0.02,
    });
    expect(await lookups.find('hunter', 'domain:acme.example', new Date(at.getTime() + 1))).toBeUndefined();
    expect(await lookups.find('apollo', 'domain:acme.example', new Date(0))).toBeUndefined();
    await lookups.save('hunter', 'domain:acme.example', { answer: { n: 2 }, costUsd: 0, runId: null, createdAt: at });
    expect((await lookups.find('hunter', 'domain:acme.example', new Date(0)))?.answer).toEqual({ n: 2 });
  });
});
