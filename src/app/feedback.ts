import type { Container } from '../container/index.js';
import { AppError } from '../errors.js';
import type { FeedbackRecord, FeedbackVerdict } from '../pipeline/feedback/ports.js';
import { type Actor, actorId } from './actor.js';
import { authorize, type PolicyDeps } from './policy.js';

export interface FeedbackDeps extends Pick<Container, 'repos' | 'now'> {
  policy: PolicyDeps;
}

const REASON_LIMIT = 500;

/**
 * A person's verdict on one of the agent's answers (the feedback buttons), recorded against its run: in
 * `answer_feedback` (one verdict per person, a second click replaces the first) and as a line in the run's timeline.
 * With `reason`, adds why to the verdict already given. Anyone in the team may; the agent and the system may not.
 * @throws AppError('forbidden') for the agent, the system or a non-member; ('not_found') for a run that is not an
 * agent answer; ('invalid_input') for a reason without a verdict.
 */
export async function recordFeedback(
  input: { runId: string; verdict?: FeedbackVerdict; reason?: string },
  actor: Actor,
  deps: FeedbackDeps,
): Promise<FeedbackRecord> {
  if (actor.kind === 'agent' || actor.kind === 'system')
    throw new AppError('forbidden', 'Only a person can rate an answer. Nothing was changed.');
  await authorize(actor, 'give_feedback', deps.policy);
  const { runs, feedback } = deps.repos;
  const run = await runs.get(input.runId);
  if (run?.kind !== 'agent') throw new AppError('not_found', 'That answer is no longer on record.');
  const userId = actorId(actor);
  const at = deps.now();
  const reason = input.reason?.replace(/\s+/g, ' ').trim().slice(0, REASON_LIMIT);
  let record: FeedbackRecord | undefined;
  if (input.verdict) record = await feedback.record({ runId: run.id, userId, verdict: input.verdict, at });
  if (reason) {
    record = await feedback.setReason({ runId: run.id, userId, reason, at });
    if (!record) throw new AppError('invalid_input', 'Say whether the answer helped before saying why.');
  }
  if (!record) throw new AppError('invalid_input', 'Feedback needs a verdict (helpful or not helpful) or a reason.');
  const words = record.verdict === 'helpful' ? 'helpful' : 'not helpful';
  await runs.appendLog({
    runId: run.id,
    kind: 'event',
    name: 'feedback',
    status: 'ok',
    outputSummary: `${words} (${userId})${record.reason ? `: ${record.reason}` : ''}`,
    durationMs: 0,
    createdAt: at,
  });
  return record;
}
