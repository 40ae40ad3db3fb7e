import type { QueueCounts } from '../pipeline/jobs/ports.js';

/** Business figures read from the database at scrape time: every instance reports the same totals. */
export interface BusinessSnapshot {
  runs: { kind: string; stage: string; status: string; count: number }[];
  backlog: {
    dueSends: number;
    queuedRuns: number;
    leadsAwaitingDecision: number;
    draftsAwaitingDecision: number;
    runsWaitingForBudget: number;
  };
  emailsSent: number;
  replies: { classification: string; count: number }[];
  /** Settled spend, all time, per kind and provider. */
  spend: { kind: string; provider: string; usd: number }[];
  /** Today's budgets (in TZ): committed and the limit in force (null: none). */
  today: { kind: string; committedUsd: number; limitUsd: number | null }[];
  /** The job queue per kind of job (SQLite's jobs table or pg-boss's), when the queue was read. */
  jobs?: QueueCounts[];
}

/** Reads the snapshot (implemented in src/db). */
export interface MetricsReadPort {
  snapshot(at: { now: Date; day: string; limits: Record<string, number | null> }): Promise<BusinessSnapshot>;
}
