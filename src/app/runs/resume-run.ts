import type { Stage } from '../../agent/services.js';
import type { Container } from '../../container/index.js';
import { AppError } from '../../errors.js';
import type { RunRecord } from '../../pipeline/runs/ports.js';
import type { RunHandle } from '../../pipeline/runs/recorder.js';
import { runStage, type StageRequest } from '../stages/run-stage.js';
import { continuationFor } from './continue-run.js';
import { backoffDelay, DEFAULT_RETRY, isTransient, type RetryPolicy, sleepFor } from './retry-policy.js';

export interface ContinueRunOptions {
  retry?: RetryPolicy;
  /** The failure of the try already made, when retrying a run that just failed (not set when resuming). */
  failed?: unknown;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Re-opens a run under its own id and finishes it from its last completed step (see continue-run.ts), recording
 * that it resumed. Transient failures are tried again with backoff, up to the policy's attempts in all; a run that
 * cannot be resumed, or keeps failing, ends 'failed' with the reason and everything already done stays.
 * @throws the error that ended the run failed (callers report it); AppError('not_found') for an unknown run.
 */
export async function continueRun(app: Container, runId: string, options: ContinueRunOptions = {}): Promise<RunRecord> {
  const record = await app.repos.runs.get(runId);
  if (!record) throw new AppError('not_found', `Run ${runId} does not exist`);
  const policy = options.retry ?? DEFAULT_RETRY;
  const continuation = continuationFor(record.kind, record.input);
  let run: RunHandle = await app.recorder.resume(runId);
  if (typeof continuation === 'string') {
    await run.log({ kind: 'event', name: 'run.interrupted', status: 'skipped', output: continuation });
    await run.fail(continuation);
    throw new AppError('conflict', continuation);
  }
  let tries = options.failed === undefined ? 0 : 1;
  let failed = options.failed;
  if (failed === undefined)
    await run.log({
      kind: 'event',
      name: 'run.resumed',
      status: 'ok',
      input: { status: record.status, stage: record.currentStage, attempts: record.attempts },
      output: 'continued from its last completed step',
    });
  for (;;) {
    if (failed !== undefined) {
      const delayMs = backoffDelay(policy, tries);
      await run.log({
        kind: 'event',
        name: 'run.retry',
        status: 'error',
        error: message(failed),
        output: `try ${tries + 1} of ${policy.attempts} in ${delayMs} ms`,
      });
      await sleepFor(policy, delayMs);
    }
    try {
      await continuation(app, run);
      return (await app.repos.runs.get(runId))!;
    } catch (err) {
      tries++;
      if ((await app.repos.runs.get(runId))?.status !== 'failed') await run.fail(err);
      if (!isTransient(err) || tries >= policy.attempts) throw err;
      failed = err;
      // Running again while it waits: a crash during the wait leaves it for the next start to resume.
      run = await app.recorder.resume(runId);
    }
  }
}

/**
 * Runs a stage as `runStage` does; when it fails for a transient reason, the same run is continued with backoff
 * (its stage is idempotent, so what was done stays done).
 * @throws the error that finally failed the run, or the stage's own error when no run was started.
 */
export async function runStageWithRetry(
  app: Container,
  stage: Stage,
  request: StageRequest,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<void> {
  let runId: string | undefined;
  const track = (id: string) => {
    runId = id;
    request.onRunStarted?.(id);
  };
  try {
    await runStage(app, stage, { ...request, onRunStarted: track });
  } catch (err) {
    if (!runId || !isTransient(err) || retry.attempts <= 1) throw err;
    await continueRun(app, runId, { retry, failed: err });
  }
}
