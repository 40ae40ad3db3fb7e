import type { InstanceRecord, InstanceRepo } from '../../pipeline/cluster/ports.js';
import type { JobQueue, QueueCounts } from '../../pipeline/jobs/ports.js';

/** Instances heard from within this long count as up (heartbeats come every 15 s). */
const SEEN_MS = 60_000;

/** The database, the job queue and the instances sharing them, as doctor and App Home report them. */
export interface ClusterStatus {
  database: { dialect: 'sqlite' | 'postgres'; where: string };
  queue: { kind: JobQueue['kind']; waiting: number; running: number; failed: number; byJob: QueueCounts[] };
  /** Instances heard from in the last minute, most recent first. */
  instances: InstanceRecord[];
}

export interface ClusterStatusDeps {
  database: ClusterStatus['database'];
  jobs: Pick<JobQueue, 'kind' | 'counts'>;
  instances: Pick<InstanceRepo, 'list'>;
  now: () => Date;
}

export async function clusterStatus(deps: ClusterStatusDeps): Promise<ClusterStatus> {
  const byJob = (await deps.jobs.counts()).filter((c) => c.waiting + c.running + c.failed > 0);
  const sum = (k: 'waiting' | 'running' | 'failed') => byJob.reduce((n, c) => n + c[k], 0);
  return {
    database: deps.database,
    queue: { kind: deps.jobs.kind, waiting: sum('waiting'), running: sum('running'), failed: sum('failed'), byJob },
    instances: await deps.instances.list(new Date(deps.now().getTime() - SEEN_MS)),
  };
}

/** "2 waiting · 1 running · 0 failed (pg-boss)" and, when some failed, which. */
export function describeQueue(q: ClusterStatus['queue']): string {
  const failed = q.byJob.filter((c) => c.failed > 0).map((c) => `${c.name} ${c.failed}`);
  const kind = q.kind === 'pg-boss' ? 'pg-boss' : 'SQLite jobs table';
  return `${q.waiting} waiting · ${q.running} running · ${q.failed} failed (${kind})${failed.length ? `: ${failed.join(', ')}` : ''}`;
}

/** "3 up: web-1 (server, 0.4.0), web-2 (server), …" — instances seen in the last minute. */
export function describeInstances(instances: InstanceRecord[]): string {
  if (instances.length === 0) return 'none heard from in the last minute';
  const names = instances.map((i) => `${i.host}:${i.pid} (${i.role}, ${i.version})`);
  return `${instances.length} up in the last minute: ${names.join(', ')}`;
}
