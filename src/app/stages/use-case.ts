import type { Stage, StageOutcome } from '../../agent/services.js';
import type { Container } from '../../container/index.js';
import type { RunTrigger } from '../../pipeline/runs/ports.js';
import { type Actor, actorId } from '../actor.js';
import { authorize, type PolicyDeps } from '../policy.js';
import { runStage as runStageNow } from './run-stage.js';

/** Where a run reports in Slack, and who wants to hear as soon as it exists. */
export interface RunPlace {
  slackChannel?: string | null;
  slackThreadTs?: string | null;
  /** Called as soon as the run exists, so a surface can show live progress. */
  onRunStarted?: (runId: string) => void;
}

export interface RunStageInput extends RunPlace {
  stage: Stage;
  /** Only these companies (score, enrich, write). */
  companyIds?: number[];
}

export type RunStageUseCase = (input: RunStageInput, actor: Actor) => Promise<StageOutcome>;

export interface StageDeps {
  container: Container;
  policy: PolicyDeps;
}

/** The trigger recorded on a run an actor starts. */
export function triggerOf(actor: Actor): RunTrigger {
  switch (actor.kind) {
    case 'cli':
      return 'cli';
    case 'system':
      return actor.job === 'resume' ? 'startup' : 'cron';
    case 'agent':
      return 'agent';
    case 'user':
      return actor.surface;
  }
}

/**
 * Runs one pipeline stage now, as a tracked run (`run enrich`, the CLI's run-stage, App Home, a confirmed request,
 * the scheduler). Outreach sends, so it also needs the right to send; it sends only human-approved drafts.
 * @throws AppError('forbidden') for someone who may not; whatever the stage throws (its run is marked failed).
 */
export async function runStage(input: RunStageInput, actor: Actor, deps: StageDeps): Promise<StageOutcome> {
  await authorize(actor, 'run_stage', deps.policy);
  if (input.stage === 'outreach') await authorize(actor, 'send', deps.policy);
  return runStageNow(deps.container, input.stage, {
    trigger: triggerOf(actor),
    requestedBy: actorId(actor),
    companyIds: input.companyIds,
    slackChannel: input.slackChannel ?? null,
    slackThreadTs: input.slackThreadTs ?? null,
    onRunStarted: input.onRunStarted,
  });
}
