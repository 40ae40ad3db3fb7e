import type { Reply } from '../agent/ports.js';
import type { SlackAnswerStream } from './answer-stream.js';
import { actions, type Block } from './blocks/common.js';
import { buildFeedbackBlocks } from './blocks/feedback.js';
import { buildReplyBlocks, buildRequestBlocks } from './blocks/reply.js';
import { RUN_ACTIONS } from './blocks/run-status.js';
import type { Where } from './cards.js';
import type { TurnDeps } from './turn.js';

/**
 * Everything under an agent answer's text: the approvals it asked for, choices, and for an answer with a run its
 * Details (the run's timeline) and the feedback buttons.
 */
async function endBlocks(reply: Reply, deps: TurnDeps): Promise<{ blocks: Block[]; requests: number }> {
  const requests = await deps.useCases.cards.requests(reply.approvalRequestIds ?? []);
  const tz = deps.config.schedules.timezone;
  const run = reply.answeredBy === 'agent' ? reply.runId : undefined;
  const blocks = [
    ...requests.flatMap((card) => buildRequestBlocks(card, tz)),
    ...buildReplyBlocks('', reply.choices),
    ...(run
      ? [
          actions(`run:${run}`, [{ text: 'Details', actionId: RUN_ACTIONS.details, value: run }]),
          ...buildFeedbackBlocks(run),
        ]
      : []),
  ];
  return { blocks, requests: requests.length };
}

/** Lead and draft cards the answer found, posted under it (unless the answer already asks to approve them). */
async function postCards(reply: Reply, requests: number, where: Where, deps: TurnDeps): Promise<void> {
  if (requests === 0 && reply.leads?.length) await deps.cards.postLeads(reply.leads, where);
  if (reply.draftIds?.length) await deps.cards.postDrafts(reply.draftIds, where);
}

/**
 * Ends a streamed answer: stops the stream with the approval buttons, choices and feedback under the text, then
 * posts the cards. False when nothing was streamed or Slack refused the stream; the caller then posts it whole.
 */
export async function finishStreamedAnswer(
  reply: Reply,
  stream: SlackAnswerStream,
  where: Where,
  deps: TurnDeps,
): Promise<boolean> {
  const { blocks, requests } = await endBlocks(reply, deps);
  if (!(await stream.finish({ blocks: blocks.slice(0, 50) }))) return false;
  await postCards(reply, requests, where, deps);
  return true;
}

/** An agent answer posted whole (no stream): the text with the same buttons under it, then the cards. */
export async function postAgentAnswer(reply: Reply, where: Where, deps: TurnDeps): Promise<void> {
  const { blocks, requests } = await endBlocks(reply, deps);
  await deps.io.post({ ...where, text: reply.text, blocks: [...buildReplyBlocks(reply.text), ...blocks].slice(0, 50) });
  await postCards(reply, requests, where, deps);
}
