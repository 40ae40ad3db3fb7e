/** How a kind of job is run: how often it is retried, and after how long a silent attempt is given up on. */
export interface JobSpec {
  /** Tries after the first (0: never retried). */
  retryLimit: number;
  /** Wait before the first retry, in seconds; doubled on each further one (with jitter). */
  retryDelaySeconds: number;
  /**
   * An attempt still running after this long is presumed lost (its instance was killed) and tried again. Keep it
   * above the longest honest run of the handler, and below two minutes where takeover matters.
   */
  expireInSeconds: number;
  /** Jobs of this kind one instance works on at once (default 1). */
  concurrency?: number;
  /**
   * 'keyed': at most one waiting job per key (a job queued without a key is keyed by its name), so a burst of
   * requests for the same thing queues it once. 'standard' (default): every enqueue is a job.
   */
  policy?: 'standard' | 'keyed';
}

export interface JobContext<T> {
  id: string;
  name: string;
  data: T;
  /** 1 on the first try. */
  attempt: number;
}

export type JobHandler<T> = (job: JobContext<T>) => Promise<void>;

export interface EnqueueOptions {
  /** On a 'keyed' kind: a second enqueue while one with the same key waits is dropped (returns null). */
  key?: string;
  /** Not before this time. */
  runAfter?: Date;
}

export type JobState = 'waiting' | 'running' | 'completed' | 'failed';

export interface QueueCounts {
  name: string;
  waiting: number;
  running: number;
  failed: number;
}

/**
 * Durable work: done once across any number of instances, retried with backoff, taken over when the instance
 * working on it dies. SQLite keeps jobs in its `jobs` table; PostgreSQL uses pg-boss in the same database.
 */
export interface JobQueue {
  readonly kind: 'sqlite' | 'pg-boss';
  /** Declares a kind of job and, when this instance works, its handler (worked at once when already started). */
  register<T>(name: string, spec: JobSpec, handler?: JobHandler<T>): Promise<void>;
  /** Queues a job; its id, or null when a job with the same key is already waiting. */
  enqueue<T extends object>(name: string, data: T, options?: EnqueueOptions): Promise<string | null>;
  /** Queues `name` at every fire time of `cron` in `tz`, once across all instances. */
  schedule(name: string, cron: string, tz: string): Promise<void>;
  /** Starts working the registered handlers (an instance that only queues never calls it). */
  start(): Promise<void>;
  /** Stops taking jobs and waits for the running ones to finish. */
  stop(): Promise<void>;
  state(name: string, id: string): Promise<JobState | undefined>;
  counts(): Promise<QueueCounts[]>;
}

/** Thrown by a handler that cannot proceed yet (a lease is held elsewhere): the job is queued again, not failed. */
export class JobDeferred extends Error {
  constructor(
    readonly delayMs: number,
    reason: string,
  ) {
    super(reason);
    this.name = 'JobDeferred';
  }
}
