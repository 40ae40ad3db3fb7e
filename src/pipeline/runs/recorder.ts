import { AppError } from '../../errors.js';
import type { LeaseHolder } from '../cluster/ports.js';
import { createId } from '../ids.js';
import type { NewRun, RunLogKind, RunLogStatus, RunRecord, RunRepo, RunTrigger } from './ports.js';
import { TERMINAL_RUN_STATUSES } from './ports.js';

export interface RunRecorderDeps {
  runs: RunRepo;
  now: () => Date;
  newId?: () => string;
  /** Called when a run starts or resumes, in the caller's async context (main.ts tags log lines with the id). */
  onActive?: (runId: string) => void;
  /**
   * The lease `run:<id>` is held while a run works (so another instance never continues it at the same time, and
   * takes it over once its holder dies), and given up when it completes, fails or waits at a gate.
   */
  leases?: LeaseHolder;
}

export interface StartRunInput {
  kind: string;
  trigger: RunTrigger;
  requestedBy?: string | null;
  input?: Record<string, unknown>;
  parentRunId?: string | null;
  slackChannel?: string | null;
  slackThreadTs?: string | null;
}

export interface StepOptions<T> {
  kind?: RunLogKind;
  input?: unknown;
  /** Turns the result into a short output summary; defaults to a truncated JSON rendering. */
  summarize?: (result: T) => string;
  /** Reads token usage from the result, for LLM calls. */
  tokens?: (result: T) => { in?: number; out?: number } | undefined;
  /** Reads what the call cost in USD from the result. */
  cost?: (result: T) => number | undefined;
}

export type RunListener = (run: RunRecord) => void;

/** What a stage holds while it works: record steps, count progress, finish or fail (each awaited in order). */
export interface RunHandle {
  readonly id: string;
  current(): Promise<RunRecord>;
  stage(name: string): Promise<void>;
  step<T>(name: string, fn: () => Promise<T> | T, options?: StepOptions<T>): Promise<T>;
  log(entry: {
    kind: RunLogKind;
    name: string;
    status: RunLogStatus;
    input?: unknown;
    output?: unknown;
    durationMs?: number;
    tokensIn?: number;
    tokensOut?: number;
    costUsd?: number;
    error?: string;
  }): Promise<void>;
  count(deltas: Record<string, number>): Promise<void>;
  /**
   * Merges `patch` into the run's checkpoint. Given a function, it is applied to the checkpoint as stored, one
   * update at a time per run, so concurrent workers adding to a list never lose each other's entries.
   */
  checkpoint(
    patch: Record<string, unknown> | ((current: Record<string, unknown>) => Record<string, unknown>),
  ): Promise<void>;
  awaitApproval(summary?: string): Promise<void>;
  complete(summary?: string): Promise<void>;
  fail(error: unknown): Promise<void>;
}

export interface RunRecorder {
  /** Records a new run. `onActive` is called before it returns, in the caller's async context. */
  start(input: StartRunInput): Promise<RunHandle>;
  /** Re-opens an existing run (resume after a restart, or continue after a gate). */
  resume(id: string): Promise<RunHandle>;
  subscribe(listener: RunListener): () => void;
}

const SUMMARY_LIMIT = 500;

/** Renders anything as a single line no longer than the summary limit. */
export function summarize(value: unknown, limit = SUMMARY_LIMIT): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value === undefined) text = '';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** The lease an instance holds while it works on run `id`. */
export const leaseOf = (id: string) => `run:${id}`;

/** Creates the run-tracking API every stage uses. */
export function createRunRecorder(deps: RunRecorderDeps): RunRecorder {
  const listeners = new Set<RunListener>();
  const newId = deps.newId ?? (() => createId('run', deps.now()));

  const emit = (run: RunRecord) => {
    for (const listener of listeners) {
      try {
        listener(run);
      } catch {
        // A broken listener (e.g. a Slack update) must never break the run.
      }
    }
  };

  // Read-modify-write updates of one run's checkpoint happen one at a time.
  const locks = new Map<string, Promise<void>>();
  const serially = (id: string, fn: () => Promise<void>): Promise<void> => {
    const next = (locks.get(id) ?? Promise.resolve()).then(fn);
    const settled = next.catch(() => undefined);
    locks.set(id, settled);
    void settled.then(() => {
      if (locks.get(id) === settled) locks.delete(id);
    });
    return next;
  };

  const handleFor = (id: string): RunHandle => {
    const update = async (patch: Parameters<RunRepo['update']>[1]) => {
      const run = await deps.runs.update(id, patch);
      emit(run);
      return run;
    };
    /** The run stops working here: its lease is given up (after the status is stored). */
    const settle = async (patch: Parameters<RunRepo['update']>[1]) => {
      await update(patch);
      await deps.leases?.release(leaseOf(id));
    };
    const handle: RunHandle = {
      id,
      async current() {
        const run = await deps.runs.get(id);
        if (!run) throw new AppError('not_found', `Run ${id} does not exist`);
        return run;
      },
      async stage(name) {
        await update({ currentStage: name, updatedAt: deps.now() });
      },
      async step(name, fn, options = {}) {
        const started = Date.now();
        try {
          const result = await fn();
          const tokens = options.tokens?.(result);
          await deps.runs.appendLog({
            runId: id,
            kind: options.kind ?? 'tool',
            name,
            status: 'ok',
            inputSummary: options.input === undefined ? null : summarize(options.input),
            outputSummary: options.summarize ? summarize(options.summarize(result)) : summarize(result),
            durationMs: Date.now() - started,
            tokensIn: tokens?.in ?? null,
            tokensOut: tokens?.out ?? null,
            costUsd: options.cost?.(result) ?? null,
            createdAt: deps.now(),
          });
          return result;
        } catch (err) {
          await deps.runs.appendLog({
            runId: id,
            kind: options.kind ?? 'tool',
            name,
            status: 'error',
            inputSummary: options.input === undefined ? null : summarize(options.input),
            durationMs: Date.now() - started,
            error: summarize(err instanceof Error ? err.message : err),
            createdAt: deps.now(),
          });
          throw err;
        }
      },
      async log(entry) {
        await deps.runs.appendLog({
          runId: id,
          kind: entry.kind,
          name: entry.name,
          status: entry.status,
          inputSummary: entry.input === undefined ? null : summarize(entry.input),
          outputSummary: entry.output === undefined ? null : summarize(entry.output),
          durationMs: entry.durationMs ?? 0,
          tokensIn: entry.tokensIn ?? null,
          tokensOut: entry.tokensOut ?? null,
          costUsd: entry.costUsd ?? null,
          error: entry.error ?? null,
          createdAt: deps.now(),
        });
      },
      async count(deltas) {
        await deps.runs.addCounters(id, deltas, deps.now());
        const run = await deps.runs.get(id);
        if (run) emit(run);
      },
      checkpoint(patch) {
        return serially(id, async () => {
          const run = await handle.current();
          const changes = typeof patch === 'function' ? patch(run.checkpoint) : patch;
          await update({ checkpoint: { ...run.checkpoint, ...changes }, updatedAt: deps.now() });
        });
      },
      async awaitApproval(summary) {
        await settle({ status: 'awaiting_approval', summary: summary ?? null, updatedAt: deps.now() });
      },
      async complete(summary) {
        const now = deps.now();
        await settle({
          status: 'completed',
          summary: summary ?? null,
          currentStage: null,
          finishedAt: now,
          updatedAt: now,
        });
      },
      async fail(error) {
        const now = deps.now();
        const message = error instanceof Error ? error.message : String(error);
        await settle({ status: 'failed', error: summarize(message, 1000), finishedAt: now, updatedAt: now });
      },
    };
    return handle;
  };

  return {
    start(input) {
      const record: NewRun = {
        id: newId(),
        kind: input.kind,
        trigger: input.trigger,
        requestedBy: input.requestedBy ?? null,
        input: input.input ?? {},
        parentRunId: input.parentRunId ?? null,
        slackChannel: input.slackChannel ?? null,
        slackThreadTs: input.slackThreadTs ?? null,
        startedAt: deps.now(),
      };
      // Bound to the caller's context before the first await, so the caller's log lines carry the run id.
      deps.onActive?.(record.id);
      return (async () => {
        await deps.leases?.acquire(leaseOf(record.id));
        const run = await deps.runs.create(record);
        emit(run);
        return handleFor(run.id);
      })();
    },
    resume(id) {
      deps.onActive?.(id);
      return (async () => {
        const run = await deps.runs.get(id);
        if (!run) throw new AppError('not_found', `Run ${id} does not exist`);
        if (TERMINAL_RUN_STATUSES.includes(run.status) && run.status !== 'failed') {
          throw new AppError('conflict', `Run ${id} is ${run.status} and cannot be resumed`);
        }
        if (deps.leases && !(await deps.leases.acquire(leaseOf(id))))
          throw new AppError('conflict', `Run ${id} is being worked on by another leadbot instance`, {
            details: { leased: true },
          });
        const now = deps.now();
        await deps.runs.update(id, {
          status: 'running',
          error: null,
          finishedAt: null,
          attempts: run.attempts + 1,
          updatedAt: now,
        });
        return handleFor(id);
      })();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
