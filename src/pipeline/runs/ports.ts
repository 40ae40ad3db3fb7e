import { RUN_STATUSES } from '../statuses.js';

export { RUN_STATUSES };
export type RunStatus = (typeof RUN_STATUSES)[number];
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];

export type RunTrigger = 'slack' | 'cli' | 'cron' | 'workspace' | 'agent' | 'startup' | 'test';
export type RunLogKind = 'stage' | 'tool' | 'llm' | 'provider' | 'event';
export type RunLogStatus = 'ok' | 'error' | 'skipped';

export interface RunRecord {
  id: string;
  kind: string;
  trigger: string;
  requestedBy: string | null;
  status: RunStatus;
  currentStage: string | null;
  counters: Record<string, number>;
  input: Record<string, unknown>;
  checkpoint: Record<string, unknown>;
  summary: string | null;
  error: string | null;
  attempts: number;
  parentRunId: string | null;
  slackChannel: string | null;
  slackThreadTs: string | null;
  slackStatusTs: string | null;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export interface NewRun {
  id: string;
  kind: string;
  trigger: RunTrigger;
  requestedBy?: string | null;
  input?: Record<string, unknown>;
  parentRunId?: string | null;
  slackChannel?: string | null;
  slackThreadTs?: string | null;
  startedAt: Date;
}

export type RunPatch = Partial<
  Pick<
    RunRecord,
    | 'status'
    | 'currentStage'
    | 'checkpoint'
    | 'summary'
    | 'error'
    | 'attempts'
    | 'slackChannel'
    | 'slackThreadTs'
    | 'slackStatusTs'
    | 'finishedAt'
  >
> & { updatedAt: Date };

export interface RunLogEntry {
  id?: number;
  runId: string;
  kind: RunLogKind;
  name: string;
  status: RunLogStatus;
  inputSummary?: string | null;
  outputSummary?: string | null;
  durationMs: number;
  tokensIn?: number | null;
  tokensOut?: number | null;
  /** What the call cost in USD (null: not a paid kind of call). */
  costUsd?: number | null;
  error?: string | null;
  createdAt: Date;
}

/** Storage for runs and their step logs (implemented in src/db). */
export interface RunRepo {
  create(run: NewRun): Promise<RunRecord>;
  get(id: string): Promise<RunRecord | undefined>;
  update(id: string, patch: RunPatch): Promise<RunRecord>;
  /** Adds deltas to the run's counters atomically and returns the new counters. */
  addCounters(id: string, deltas: Record<string, number>, at: Date): Promise<Record<string, number>>;
  appendLog(entry: RunLogEntry): Promise<void>;
  logs(runId: string): Promise<RunLogEntry[]>;
  list(options: { limit: number; status?: RunStatus[]; kind?: string }): Promise<RunRecord[]>;
}
