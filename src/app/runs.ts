import type { Container } from '../container/index.js';
import { AppError } from '../errors.js';
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

/** One run's timeline: every stage and tool call, and the providers it skipped. Undefined for an unknown run. */
export async function runDetails(
  input: { runId: string },
  actor: Actor,
  deps: Pick<Container, 'repos'> & { policy: PolicyDeps },
): Promise<{ run: RunRecord; logs: RunLogEntry[]; skips: ProviderSkip[] } | undefined> {
  await authorize(actor, 'read', deps.policy);
  const run = await deps.repos.runs.get(input.runId);
  if (!run) return undefined;
  return { run, logs: await deps.repos.runs.logs(run.id), skips: await deps.repos.providerState.listSkips(run.id) };
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
