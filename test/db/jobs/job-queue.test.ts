import { afterEach, describe, expect, it } from 'vitest';
import { openJobQueue } from '../../../src/db/jobs/open.js';
import type { Storage } from '../../../src/db/storage.js';
import { JobDeferred, type JobQueue, type JobSpec } from '../../../src/pipeline/jobs/ports.js';
import { onPostgres, openTestStorage } from '../../helpers/db.js';

/** The job port's contract, on SQLite and (TEST_DATABASE=postgres) on PostgreSQL through pg-boss. */

const open: { storage: Storage; queues: JobQueue[] }[] = [];
afterEach(async () => {
  for (const { storage, queues } of open.splice(0)) {
    for (const q of queues) await q.stop();
    await storage.close();
  }
});

async function setup() {
  const storage = await openTestStorage();
  const entry = { storage, queues: [] as JobQueue[] };
  open.push(entry);
  const dead = new Set<string>();
  const queue = (owner: string) => {
    const q = openJobQueue(storage, {
      owner,
      isLive: async (o) => !dead.has(o),
      now: () => new Date(),
      pollMs: 50,
      maintenanceIntervalSeconds: 1,
    });
    entry.queues.push(q);
    return q;
  };
  return { storage, queue, kill: (owner: string) => dead.add(owner) };
}

const quick: JobSpec = { retryLimit: 2, retryDelaySeconds: 0, expireInSeconds: 60 };

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe(`job queue (${onPostgres() ? 'pg-boss' : 'sqlite'})`, () => {
  it('runs every job once across two instances working the same queue', async () => {
    const { queue } = await setup();
    const seen: number[] = [];
    const a = queue('a');
    const b = queue('b');
    for (const q of [a, b])
      await q.register<{ n: number }>('count', { ...quick, concurrency: 2 }, async (job) => {
        seen.push(job.data.n);
      });
    const ids = await Promise.all(Array.from({ length: 20 }, (_, n) => a.enqueue('count', { n })));
    await Promise.all([a.start(), b.start()]);
    await until('all jobs done', async () => {
      const states = await Promise.all(ids.map((id) => a.state('count', id!)));
      return states.every((s) => s === 'completed');
    });
    expect(seen.sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, n) => n));
  });

  it('queues a keyed job once while it waits; a key is refused on a kind that is not keyed', async () => {
    const { queue } = await setup();
    const q = queue('a');
    await q.register('send', { ...quick, policy: 'keyed' });
    await q.register('plain', quick);
    const first = await q.enqueue('send', { draftId: 1 }, { key: 'draft:1:0' });
    expect(first).toBeTruthy();
    expect(await q.enqueue('send', { draftId: 1 }, { key: 'draft:1:0' })).toBeNull();
    expect(await q.enqueue('send', { draftId: 2 }, { key: 'draft:2:0' })).toBeTruthy();
    expect(await q.state('send', first!)).toBe('waiting');
    await expect(q.enqueue('plain', {}, { key: 'x' })).rejects.toThrow(/not keyed/);
    await expect(q.enqueue('nope', {})).rejects.toThrow(/Unknown job "nope"/);
    expect((await q.counts()).find((c) => c.name === 'send')).toMatchObject({ waiting: 2, running: 0 });
  });

  it('retries a failing job and marks it failed once its tries are spent', async () => {
    const { queue } = await setup();
    const q = queue('a');
    const tries: Record<string, number> = {};
    await q.register<{ ok: boolean; tag: string }>('flaky', { ...quick, retryLimit: 1 }, async (job) => {
      tries[job.data.tag] = job.attempt;
      if (!job.data.ok || job.attempt < 2) throw new Error('boom');
    });
    const healed = await q.enqueue('flaky', { ok: true, tag: 'healed' });
    const broken = await q.enqueue('flaky', { ok: false, tag: 'broken' });
    await q.start();
    await until('healed completes', async () => (await q.state('flaky', healed!)) === 'completed');
    await until('broken fails', async () => (await q.state('flaky', broken!)) === 'failed');
    expect(tries).toEqual({ healed: 2, broken: 2 });
    expect((await q.counts()).find((c) => c.name === 'flaky')?.failed).toBe(1);
  });

  it('queues a deferred job again without counting a try', async () => {
    const { queue } = await setup();
    const q = queue('a');
    let calls = 0;
    await q.register('later', { ...quick, retryLimit: 0 }, async () => {
      calls++;
      if (calls < 3) throw new JobDeferred(10, 'lease held elsewhere');
    });
    await q.enqueue('later', {});
    await q.start();
    await until('the third call', async () => calls >= 3);
    await until('nothing left waiting', async () => {
      const c = (await q.counts()).find((x) => x.name === 'later');
      return c && c.waiting === 0 && c.running === 0 && c.failed === 0;
    });
  });

  it('takes over a job whose instance died while working on it', async () => {
    const { queue, kill } = await setup();
    const a = queue('a');
    // pg-boss takes over by expiry (maintenance looks every second here); SQLite when the owner is not alive.
    const spec: JobSpec = { retryLimit: 3, retryDelaySeconds: 0, expireInSeconds: onPostgres() ? 2 : 600 };
    const finished: string[] = [];
    let release!: () => void;
    const hung = new Promise<void>((r) => {
      release = r;
    });
    let startedOnA!: () => void;
    const onA = new Promise<void>((r) => {
      startedOnA = r;
    });
    await a.register('long', spec, async (job) => {
      if (job.attempt > 1) return void finished.push(`a#${job.attempt}`);
      startedOnA();
      await hung; // the instance "dies" here
    });
    const id = await a.enqueue('long', {});
    await a.start();
    await onA;
    kill('a');
    const b = queue('b');
    await b.register('long', spec, async (job) => {
      finished.push(`b#${job.attempt}`);
    });
    await b.start();
    await until('it is finished', async () => (await b.state('long', id!)) === 'completed');
    release();
    expect(finished).toHaveLength(1);
    expect(Number(finished[0]!.split('#')[1])).toBeGreaterThanOrEqual(2);
    if (!onPostgres()) expect(finished[0]).toBe('b#2');
  });
});
