import { continueRun } from '../app/runs/resume-run.js';
import { isAppError } from '../errors.js';
import { escLine } from './blocks/common.js';
import type { TurnDeps } from './turn.js';

/**
 * Retry for a failed run: the same run, under its own id, continues from its last completed step (stages are
 * idempotent per company, contact and draft, so nothing already done is repeated). Its status message follows.
 * Returns one line for the thread.
 */
export async function retryRun(runId: string, deps: TurnDeps): Promise<string> {
  const run = deps.app.repos.runs.get(runId);
  if (!run) return `Run \`${runId}\` no longer exists.`;
  if (run.status !== 'failed')
    return `Run \`${runId}\` is ${run.status.replace(/_/g, ' ')}; there is nothing to retry.`;
  try {
    const done = await continueRun(deps.app, runId, { startedAt: deps.app.startedAt });
    return `:repeat: Run \`${runId}\` retried from where it stopped: ${escLine(done.summary ?? done.status)}`;
  } catch (err) {
    deps.app.logger.error({ err, runId }, 'retry failed');
    return `:warning: The retry of run \`${runId}\` failed${isAppError(err) ? `: ${escLine(err.message)}` : ''}. Everything done before is kept.`;
  }
}
