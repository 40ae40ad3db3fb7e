import { afterEach, describe, expect, it } from 'vitest';
import type { Storage } from '../../../src/db/storage.js';
import { openTestStorage } from '../../helpers/db.js';

let storage: Storage | undefined;
afterEach(async () => {
  await storage?.close();
  storage = undefined;
});

const t = (s: number) => new Date(Date.UTC(2026, 11, 7, 12, 0, s));

describe('lease repo', () => {
  it('gives a lease to one holder at a time until it expires, is released or its holder is dead', async () => {
    storage = await openTestStorage();
    const { leases } = storage.repos;
    expect(await leases.acquire('run:a', 'i1', t(30), t(0))).toBe(true);
    expect(await leases.acquire('run:a', 'i2', t(30), t(1))).toBe(false);
    // The holder extends its own lease; the time it first took it stays.
    expect(await leases.acquire('run:a', 'i1', t(40), t(2))).toBe(true);
    expect(await leases.get('run:a')).toMatchObject({ owner: 'i1', acquiredAt: t(0), expiresAt: t(40) });
    // A dead holder's lease is taken over before it expires; an expired one by anyone.
    expect(await leases.acquire('run:a', 'i2', t(50), t(3), ['i1'])).toBe(true);
    expect(await leases.acquire('run:a', 'i3', t(70), t(51))).toBe(true);
    expect((await leases.get('run:a'))?.owner).toBe('i3');
    // Release only by the holder.
    await leases.release('run:a', 'i1');
    expect((await leases.get('run:a'))?.owner).toBe('i3');
    await leases.release('run:a', 'i3');
    expect(await leases.get('run:a')).toBeUndefined();
  });

  it('renews every lease of a holder and lists by prefix', async () => {
    storage = await openTestStorage();
    const { leases } = storage.repos;
    await leases.acquire('run:a', 'i1', t(10), t(0));
    await leases.acquire('run:b', 'i1', t(10), t(0));
    await leases.acquire('outreach', 'i2', t(10), t(0));
    expect(await leases.renew('i1', t(59))).toBe(2);
    expect((await leases.list('run:')).map((l) => [l.name, l.expiresAt.getTime()]).sort()).toEqual([
      ['run:a', t(59).getTime()],
      ['run:b', t(59).getTime()],
    ]);
    expect(await leases.list()).toHaveLength(3);
    // Names are matched literally: "_" and "%" are not wildcards.
    expect(await leases.list('run_')).toHaveLength(0);
  });

  it('lets exactly one of many concurrent callers take a free lease', async () => {
    storage = await openTestStorage();
    const { leases } = storage.repos;
    const wins = await Promise.all(
      Array.from({ length: 8 }, (_, i) => leases.acquire('outreach', `i${i}`, t(30), t(0))),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
  });
});

describe('instance repo', () => {
  it('records heartbeats and lists the instances heard from recently', async () => {
    storage = await openTestStorage();
    const { instances } = storage.repos;
    const base = { host: 'h1', pid: 10, role: 'server' as const, version: '0.1.0', startedAt: t(0) };
    await instances.beat({ ...base, id: 'a', heartbeatAt: t(0) });
    await instances.beat({ ...base, id: 'b', pid: 11, heartbeatAt: t(5) });
    await instances.beat({ ...base, id: 'a', heartbeatAt: t(20) });
    expect((await instances.list(t(10))).map((i) => i.id)).toEqual(['a']);
    expect((await instances.list(t(0))).map((i) => i.id)).toEqual(['a', 'b']);
    expect(await instances.get('b')).toMatchObject({ pid: 11, role: 'server', heartbeatAt: t(5) });
    expect(await instances.prune(t(10))).toBe(1);
    await instances.remove('a');
    expect(await instances.list(t(0))).toEqual([]);
  });
});
