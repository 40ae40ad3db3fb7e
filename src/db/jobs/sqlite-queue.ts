import { randomUUID } from 'node:crypto';
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import cron, { type ScheduledTask } from 'node-cron';
import { AppError } from '../../errors.js';
import {
  type EnqueueOptions,
  JobDeferred,
  type JobHandler,
  type JobQueue,
  type JobSpec,
  type JobState,
  type QueueCounts,
} from '../../pipeline/jobs/ports.js';
import { type Db, sessionOf } from '../client.js';
import { jobs } from '../schema.js';

export interface SqliteQueueOptions {
  db: Db;
  /** This instance: written on the jobs it takes. */
  owner: string;
  /** Whether another instance is alive (a job taken by a dead one is taken over at once). */
  isLive: (owner: string) => Promise<boolean>;
  now: () => Date;
  /** How often waiting jobs are looked for when nothing woke the queue (default 1000 ms). */
  pollMs?: number;
  onError?: (err: unknown, job?: { name: string; id: string }) => void;
  random?: () => number;
}

type Row = typeof jobs.$inferSelect;

const FINISHED_KEPT_MS = 7 * 86_400_000;

/**
 * The job port on SQLite: rows in `jobs`, taken with one UPDATE … RETURNING (so two processes on the same file never
 * take the same job), retried with exponential backoff, taken over when the instance working on one dies or its
 * attempt outlives `expireInSeconds`. Schedules fire from node-cron in the instances that work.
 */
export function createSqliteJobQueue(options: SqliteQueueOptions): JobQueue {
  const { db, owner, now } = options;
  const session = sessionOf(db);
  const pollMs = options.pollMs ?? 1000;
  const random = options.random ?? Math.random;
  const specs = new Map<string, JobSpec>();
  const handlers = new Map<string, JobHandler<unknown>>();
  const schedules: { name: string; cron: string; tz: string }[] = [];
  const running = new Map<string, Set<Promise<void>>>();
  const tasks: ScheduledTask[] = [];
  let timer: NodeJS.Timeout | undefined;
  let started = false;
  let stopping = false;
  let polling: Promise<void> | undefined;
  let again = false;

  const specOf = (name: string) => {
    const spec = specs.get(name);
    if (!spec) throw new AppError('invalid_input', `Unknown job "${name}"; known: ${[...specs.keys()].join(', ')}`);
    return spec;
  };

  const wake = () => {
    if (!started || stopping) return;
    if (polling) {
      again = true;
      return;
    }
    polling = (async () => {
      try {
        do {
          again = false;
          await takeOver();
          await fill();
        } while (again && !stopping);
      } catch (err) {
        options.onError?.(err);
      } finally {
        polling = undefined;
      }
    })();
  };

  /** Jobs left running by a dead instance, or past their expiry, go back to waiting (or fail when out of tries). */
  const takeOver = async () => {
    const active = await session.run(() => db.select().from(jobs).where(eq(jobs.state, 'active')).all());
    const at = now();
    for (const job of active) {
      if (job.owner === owner && (!job.expiresAt || job.expiresAt > at)) continue;
      const expired = job.expiresAt !== null && job.expiresAt <= at;
      if (!expired && job.owner && (await options.isLive(job.owner))) continue;
      const why = expired ? 'its attempt expired' : `instance ${job.owner} stopped while working on it`;
      await session.run(() => settle(job, 'retry', `lost: ${why}`, at, ['active'], job.owner));
    }
    if (random() < 0.01)
      await session.run(() =>
        db
          .delete(jobs)
          .where(
            and(
              inArray(jobs.state, ['completed', 'failed']),
              lt(jobs.finishedAt, new Date(at.getTime() - FINISHED_KEPT_MS)),
            ),
          )
          .run(),
      );
  };

  const take = (name: string): Row | undefined =>
    db
      .update(jobs)
      .set({
        state: 'active',
        owner,
        attempts: sql`${jobs.attempts} + 1`,
        expiresAt: new Date(now().getTime() + specOf(name).expireInSeconds * 1000),
      })
      .where(
        eq(
          jobs.id,
          sql`(select id from ${jobs} where ${jobs.state} = 'created' and ${jobs.name} = ${name} and ${jobs.runAfter} <= ${now().getTime()} order by ${jobs.runAfter}, ${jobs.createdAt} limit 1)`,
        ),
      )
      .returning()
      .get();

  /** Ends an attempt: done, retried later (with backoff), deferred (not counted as a try) or failed for good. */
  const settle = (
    job: Row,
    outcome: 'done' | 'retry' | 'defer',
    error: string | null,
    at: Date,
    from: Row['state'][] = ['active'],
    by: string | null = owner,
    deferMs = 0,
  ) => {
    const where = and(eq(jobs.id, job.id), inArray(jobs.state, from), by ? eq(jobs.owner, by) : undefined);
    if (outcome === 'done') {
      db.update(jobs).set({ state: 'completed', finishedAt: at, expiresAt: null }).where(where).run();
      return;
    }
    if (outcome === 'defer') {
      db.update(jobs)
        .set({
          state: 'created',
          owner: null,
          expiresAt: null,
          attempts: job.attempts - 1,
          runAfter: new Date(at.getTime() + deferMs),
          lastError: error,
        })
        .where(where)
        .run();
      return;
    }
    if (job.attempts > job.retryLimit) {
      db.update(jobs).set({ state: 'failed', finishedAt: at, lastError: error, expiresAt: null }).where(where).run();
      return;
    }
    const base = job.retryDelaySeconds * 1000 * 2 ** Math.max(0, job.attempts - 1);
    const delay = Math.round(base / 2 + (base / 2) * random());
    db.update(jobs)
      .set({
        state: 'created',
        owner: null,
        expiresAt: null,
        runAfter: new Date(at.getTime() + delay),
        lastError: error,
      })
      .where(where)
      .run();
  };

  const attempt = async (name: string, handler: JobHandler<unknown>, job: Row) => {
    try {
      await handler({ id: job.id, name, data: job.data, attempt: job.attempts });
      await session.run(() => settle(job, 'done', null, now()));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof JobDeferred)
        await session.run(() => settle(job, 'defer', message, now(), ['active'], owner, err.delayMs));
      else {
        options.onError?.(err, { name, id: job.id });
        await session.run(() => settle(job, 'retry', message, now()));
      }
    }
  };

  const fill = async () => {
    for (const [name, handler] of handlers) {
      const busy = running.get(name) ?? new Set();
      running.set(name, busy);
      const limit = specOf(name).concurrency ?? 1;
      while (!stopping && busy.size < limit) {
        const job = await session.run(() => take(name));
        if (!job) break;
        const work: Promise<void> = attempt(name, handler, job).finally(() => {
          busy.delete(work);
          wake();
        });
        busy.add(work);
      }
    }
  };

  const fire = (s: { name: string; cron: string; tz: string }) => {
    const task = cron.schedule(
      s.cron,
      (ctx) => {
        const fired = ctx.date ?? now();
        const minute = new Date(Math.floor(fired.getTime() / 60_000) * 60_000).toISOString();
        void queue
          .enqueue(s.name, { firedAt: minute }, { key: `${s.name}@${minute}` })
          .catch((err) => options.onError?.(err));
      },
      { timezone: s.tz, name: `job:${s.name}` },
    );
    tasks.push(task);
  };

  const queue: JobQueue = {
    kind: 'sqlite',
    async register(name, spec, handler) {
      specs.set(name, spec);
      if (handler) handlers.set(name, handler as JobHandler<unknown>);
    },
    async enqueue(name, data, opts: EnqueueOptions = {}) {
      const spec = specOf(name);
      const keyed = spec.policy === 'keyed';
      if (opts.key !== undefined && !keyed)
        throw new AppError('invalid_input', `Job "${name}" is not keyed; queue it without a key`);
      const id = randomUUID();
      const at = now();
      const row = await session.run(() =>
        db
          .insert(jobs)
          .values({
            id,
            name,
            key: keyed ? (opts.key ?? name) : null,
            data: data as Record<string, unknown>,
            state: 'created',
            runAfter: opts.runAfter ?? at,
            retryLimit: spec.retryLimit,
            retryDelaySeconds: spec.retryDelaySeconds,
            createdAt: at,
          })
          .onConflictDoNothing()
          .returning({ id: jobs.id })
          .get(),
      );
      if (row) setImmediate(wake);
      return row?.id ?? null;
    },
    async schedule(name, expression, tz) {
      specOf(name);
      if (!cron.validate(expression)) throw new AppError('invalid_config', `"${expression}" is not a cron expression`);
      schedules.push({ name, cron: expression, tz });
      // Scheduled after start (a surface that came up later): fires from now on.
      if (started && !stopping) fire({ name, cron: expression, tz });
    },
    async start() {
      if (started) return;
      started = true;
      for (const s of schedules) fire(s);
      timer = setInterval(wake, pollMs);
      timer.unref();
      wake();
    },
    async stop() {
      stopping = true;
      clearInterval(timer);
      for (const task of tasks) await task.destroy();
      await polling;
      await Promise.allSettled([...running.values()].flatMap((set) => [...set]));
    },
    async state(_name, id): Promise<JobState | undefined> {
      const row = await session.run(() => db.select({ state: jobs.state }).from(jobs).where(eq(jobs.id, id)).get());
      if (!row) return undefined;
      return ({ created: 'waiting', active: 'running', completed: 'completed', failed: 'failed' } as const)[row.state];
    },
    async counts(): Promise<QueueCounts[]> {
      const rows = await session.run(() =>
        db
          .select({ name: jobs.name, state: jobs.state, n: sql<number>`count(*)` })
          .from(jobs)
          .groupBy(jobs.name, jobs.state)
          .all(),
      );
      const byName = new Map<string, QueueCounts>();
      for (const name of specs.keys()) byName.set(name, { name, waiting: 0, running: 0, failed: 0 });
      for (const row of rows) {
        const c = byName.get(row.name) ?? { name: row.name, waiting: 0, running: 0, failed: 0 };
        if (row.state === 'created') c.waiting += Number(row.n);
        if (row.state === 'active') c.running += Number(row.n);
        if (row.state === 'failed') c.failed += Number(row.n);
        byName.set(row.name, c);
      }
      return [...byName.values()];
    },
  };
  return queue;
}
