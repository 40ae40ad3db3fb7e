import type { StageRequest } from './run-stage.js';

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
