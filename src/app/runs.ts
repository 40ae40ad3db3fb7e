import type { Container } from '../container/index.js';
import { AppError } from '../errors.js';
import type { SpendEntry } from '../pipeline/costs/ports.js';
import type { ProviderSkip } from '../pipeline/guard/provider-guard.js';
import type { RunLogEntry, RunRecord, RunStatus } from '../pipeline/runs/ports.js';
import type { Actor } from './actor.js';
import { authorize, type PolicyDeps } from './policy.js';
import { continueRun } from './runs/resume-run.js';

export interface RunDeps {
  container: Container;
  policy: PolicyDeps;
}

/** Recent runs, newest first. */
export async function listRuns(
  input: { limit?: number; status?: RunStatus[] },
  actor: Actor,
  deps: Pick<Container, 'repos'> & { policy: PolicyDeps },
): Promise<RunRecord[]> {
  await authorize(actor, 'read', deps.policy);
  return deps.repos.runs.list({ limit: input.limit ?? 20, status: input.status });
}

/** What one run spent: on paid vendors and the model, still reserved, and paid for nothing. */
export interface RunSpend {
  vendorUsd: number;
  modelUsd: number;
  reservedUsd: number;
  paidCalls: number;
  wasteUsd: number;
}

function runSpend(entries: SpendEntry[]): RunSpend {
  const sum = (pick: (e: SpendEntry) => number) => entries.reduce((total, e) => total + pick(e), 0);
  return {
    vendorUsd: sum((e) => (e.kind === 'vendor' ? (e.costUsd ?? 0) : 0)),
    modelUsd: sum((e) => (e.kind === 'model' ? (e.costUsd ?? 0) : 0)),
    reservedUsd: sum((e) => (e.status === 'reserved' ? e.reservedUsd : 0)),
    paidCalls: entries.length,
    wasteUsd: sum((e) => (e.result === 'empty' ? (e.costUsd ?? 0) : 0)),
  };
}

/** One run's timeline: every stage and tool call (with its cost), what it spent, and the providers it skipped. */
export async function runDetails(
  input: { runId: string },
  actor: Actor,
  deps: Pick<Container, 'repos' | 'costs'> & { policy: PolicyDeps },
): Promise<{ run: RunRecord; logs: RunLogEntry[]; skips: ProviderSkip[]; spend: RunSpend } | undefined> {
  await authorize(actor, 'read', deps.policy);
  const run = await deps.repos.runs.get(input.runId);
  if (!run) return undefined;
  return {
    run,
    logs: await deps.repos.runs.logs(run.id),
    skips: await deps.repos.providerState.listSkips(run.id),
    spend: runSpend(await deps.costs.spend.entries({ runId: run.id })),
  };
}

/**
 * Retry for a failed run: the same run, under its own id, continues from its last completed step (stages are
 * idempotent per company, contact and draft, so nothing already done is repeated).
 * @throws AppError('forbidden') for someone who may not; ('not_found') for an unknown run; ('conflict') for a run
 * that has not failed; the error that failed the retry (everything done before is kept).
 */
export async function retryRun(input: { runId: string }, actor: Actor, deps: RunDeps): Promise<RunRecord> {
  await authorize(actor, 'retry_run', deps.policy);
  const { container } = deps;
  const run = await container.repos.runs.get(input.runId);
  if (!run) throw new AppError('not_found', `Run \`${input.runId}\` no longer exists.`);
  if (run.status !== 'failed')
    throw new AppError(
      'conflict',
      `Run \`${input.runId}\` is ${run.status.replace(/_/g, ' ')}; there is nothing to retry.`,
    );
  return continueRun(container, input.runId);
}
