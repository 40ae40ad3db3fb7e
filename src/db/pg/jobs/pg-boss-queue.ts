import pg from 'pg';
import PgBoss from 'pg-boss';
import { AppError } from '../../../errors.js';
import {
  type EnqueueOptions,
  JobDeferred,
  type JobHandler,
  type JobQueue,
  type JobSpec,
  type JobState,
  type QueueCounts,
} from '../../../pipeline/jobs/ports.js';

export interface PgBossQueueOptions {
  connectionString: string;
  /** Where pg-boss keeps its tables (default `pgboss`; tests give each database schema its own). */
  schema?: string;
  /** How often an instance looks for expired jobs (pg-boss maintenance; default 15 s). */
  maintenanceIntervalSeconds?: number;
  /** How often each worker polls for new jobs (default 2 s). */
  pollingIntervalSeconds?: number;
  onError?: (err: unknown, job?: { name: string; id: string }) => void;
}

/**
 * The job port on PostgreSQL: pg-boss in the same database. Each job is fetched by one instance (SELECT … FOR
 * UPDATE SKIP LOCKED); an active job whose instance dies expires after its `expireInSeconds` and is retried by
 * pg-boss's maintenance, which runs on every instance (so a dead instance's work is taken over by the living
 * ones); cron schedules are kept in the database and fire once per minute across instances.
 */
export function createPgBossQueue(options: PgBossQueueOptions): JobQueue {
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: options.schema ?? 'pgboss',
    application_name: 'leadbot',
    max: 4,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 15,
    // Finished jobs are kept a week for doctor and App Home, then archived and dropped by pg-boss.
    archiveCompletedAfterSeconds: 7 * 86_400,
  });
  boss.on('error', (err) => options.onError?.(err));
  const specs = new Map<string, JobSpec>();
  const handlers = new Map<string, JobHandler<unknown>>();
  /** The ids of this instance's pg-boss workers per queue, to wake them when work is queued here. */
  const workers = new Map<string, string[]>();
  const schedules: { name: string; cron: string; tz: string }[] = [];
  let ready: Promise<unknown> | undefined;
  let working = false;
  const up = () => {
    // Installing pg-boss's schema is serialised too, for instances starting on a fresh database together.
    ready ??= serially(async () => {
      await boss.start();
    });
    return ready;
  };

  const lockKey = `leadbot:${options.schema ?? 'pgboss'}:queues`;
  const serially = async (fn: () => Promise<void>) => {
    const client = new pg.Client({ connectionString: options.connectionString, application_name: 'leadbot' });
    await client.connect();
    try {
      await client.query('select pg_advisory_lock(hashtext($1))', [lockKey]);
      try {
        await fn();
      } finally {
        await client.query('select pg_advisory_unlock(hashtext($1))', [lockKey]);
      }
    } finally {
      await client.end();
    }
  };

  const specOf = (name: string) => {
    const spec = specs.get(name);
    if (!spec) throw new AppError('invalid_input', `Unknown job "${name}"; known: ${[...specs.keys()].join(', ')}`);
    return spec;
  };

  const run = async (name: string, handler: JobHandler<unknown>, job: PgBoss.JobWithMetadata<object>) => {
    try {
      await handler({ id: job.id, name, data: job.data, attempt: job.retryCount + 1 });
    } catch (err) {
      if (!(err instanceof JobDeferred)) {
        options.onError?.(err, { name, id: job.id });
        throw err;
      }
      // Not a failure: queued again for later; this attempt completes.
      await boss.send(name, job.data, {
        singletonKey: job.singletonKey ?? undefined,
        startAfter: new Date(Date.now() + err.delayMs),
      });
    }
  };

  const workOn = async (name: string, handler: JobHandler<unknown>) => {
    const concurrency = specOf(name).concurrency ?? 1;
    for (let i = 0; i < concurrency; i++) {
      const id = await boss.work<object>(
        name,
        { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
        async ([job]) => {
          if (job) await run(name, handler, job);
        },
      );
      workers.set(name, [...(workers.get(name) ?? []), id]);
    }
  };

  return {
    kind: 'pg-boss',
    async register(name, spec, handler) {
      specs.set(name, spec);
      if (handler) handlers.set(name, handler as JobHandler<unknown>);
      await up();
      // 'short' keeps at most one queued job per singleton key; expiry and retries are the queue's defaults.
      const queue: PgBoss.Queue = {
        name,
        policy: spec.policy === 'keyed' ? 'short' : 'standard',
        retryLimit: spec.retryLimit,
        retryDelay: spec.retryDelaySeconds,
        retryBackoff: spec.retryDelaySeconds > 0,
        expireInSeconds: spec.expireInSeconds,
      };
      // Instances starting together would create the same queue (a partition and its keys) at once and deadlock:
      // one at a time, under a transaction-level advisory lock on the queue's schema.
      await serially(async () => {
        await boss.createQueue(name, queue);
        // createQueue keeps an existing queue's settings: bring them up to date.
        await boss.updateQueue(name, queue);
      });
      // Registered after start (a surface that came up later): worked from now on.
      if (working && handler) await workOn(name, handler as JobHandler<unknown>);
    },
    async enqueue(name, data, opts: EnqueueOptions = {}) {
      const spec = specOf(name);
      if (opts.key !== undefined && spec.policy !== 'keyed')
        throw new AppError('invalid_input', `Job "${name}" is not keyed; queue it without a key`);
      await up();
      const id = await boss.send(name, data, {
        singletonKey: spec.policy === 'keyed' ? (opts.key ?? name) : undefined,
        startAfter: opts.runAfter,
      });
      // Work due now is started at once by this instance's own workers instead of waiting for their next poll
      // (another instance still finds it on its poll).
      if (id && !opts.runAfter) for (const worker of workers.get(name) ?? []) boss.notifyWorker(worker);
      return id;
    },
    async schedule(name, cron, tz) {
      specOf(name);
      schedules.push({ name, cron, tz });
      await up();
      await boss.schedule(name, cron, {}, { tz, singletonKey: name });
    },
    async start() {
      if (working) return;
      working = true;
      await up();
      for (const [name, handler] of handlers) await workOn(name, handler);
    },
    async stop() {
      if (!ready) return;
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
    async state(name, id): Promise<JobState | undefined> {
      await up();
      const job = await boss.getJobById(name, id, { includeArchive: true });
      if (!job) return undefined;
      if (job.state === 'created' || job.state === 'retry') return 'waiting';
      if (job.state === 'active') return 'running';
      if (job.state === 'completed') return 'completed';
      return 'failed';
    },
    async counts(): Promise<QueueCounts[]> {
      await up();
      const schema = options.schema ?? 'pgboss';
      const { rows } = await boss
        .getDb()
        .executeSql(`SELECT name, state, count(*)::int AS n FROM ${quoteIdent(schema)}.job GROUP BY name, state`, []);
      const byName = new Map<string, QueueCounts>();
      for (const name of specs.keys()) byName.set(name, { name, waiting: 0, running: 0, failed: 0 });
      for (const row of rows as { name: string; state: string; n: number }[]) {
        if (row.name.startsWith('__pgboss')) continue;
        const c = byName.get(row.name) ?? { name: row.name, waiting: 0, running: 0, failed: 0 };
        if (row.state === 'created' || row.state === 'retry') c.waiting += row.n;
        if (row.state === 'active') c.running += row.n;
        if (row.state === 'failed') c.failed += row.n;
        byName.set(row.name, c);
      }
      return [...byName.values()];
    },
  };
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
