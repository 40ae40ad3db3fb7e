import type { Container } from '../../container/index.js';
import type { StageRequest } from './run-stage.js';

/**
 * Calls a stage that starts its own tracked run and reports that run's id through `onStarted` as soon as it exists.
 * Stages start their run synchronously, before their first `await`, so the only run the recorder announces while
 * `start()` executes is that stage's own.
 */
export function withRunStarted<T>(
  app: Container,
  start: () => Promise<T>,
  onStarted?: (runId: string) => void,
): Promise<T> {
  if (!onStarted) return start();
  let runId: string | undefined;
  const off = app.recorder.subscribe((run) => {
    runId ??= run.id;
  });
  let promise: Promise<T>;
  try {
    promise = start();
  } finally {
    off();
  }
  if (runId) onStarted(runId);
  return promise;
}

/** The run fields every stage shares: trigger, requester and where in Slack it reports. */
export function runFields(request: StageRequest) {
  return {
    trigger: request.trigger,
    requestedBy: request.requestedBy,
    slackChannel: request.slackChannel ?? null,
    slackThreadTs: request.slackThreadTs ?? null,
  };
}

/** "1 company" / "3 companies". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
