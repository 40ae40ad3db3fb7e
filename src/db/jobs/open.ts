import type { JobQueue } from '../../pipeline/jobs/ports.js';
import { createPgBossQueue } from '../pg/jobs/pg-boss-queue.js';
import type { Storage } from '../storage.js';
import { createSqliteJobQueue } from './sqlite-queue.js';

export interface OpenJobQueueOptions {
  owner: string;
  isLive: (owner: string) => Promise<boolean>;
  now: () => Date;
  /** SQLite: how often waiting jobs are looked for; PostgreSQL: each worker's polling interval. */
  pollMs?: number;
  /** PostgreSQL: how often expired jobs are looked for (seconds). */
  maintenanceIntervalSeconds?: number;
  onError?: (err: unknown, job?: { name: string; id: string }) => void;
}

/** The job port for `storage`: the `jobs` table on SQLite, pg-boss (schema `<schema>_jobs`, or `pgboss`) on PostgreSQL. */
export function openJobQueue(storage: Storage, options: OpenJobQueueOptions): JobQueue {
  if (storage.pg) {
    const url = new URL(storage.pg.url);
    url.searchParams.delete('schema');
    return createPgBossQueue({
      connectionString: url.toString(),
      schema: storage.pg.schema === 'public' ? 'pgboss' : `${storage.pg.schema}_jobs`,
      pollingIntervalSeconds: Math.max(0.5, (options.pollMs ?? 2000) / 1000),
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
      onError: options.onError,
    });
  }
  if (!storage.sqlite) throw new Error('storage has neither a SQLite nor a PostgreSQL handle');
  return createSqliteJobQueue({ db: storage.sqlite.db, ...options });
}
