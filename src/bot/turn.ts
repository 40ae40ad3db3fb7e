import type { Reply, TurnContext } from '../agent/ports.js';
import { isAppError } from '../errors.js';
import { escLine } from './blocks/common.js';
import { buildReplyBlocks, buildRequestBlocks, textSections } from './blocks/reply.js';
import type { Cards, Where } from './cards.js';
import { actorOf, type BotDeps } from './deps.js';
import type { SlackIo } from './slack-io.js';

/** One message to answer: who said what, where, and where the answer goes. */
export interface Turn {
  text: string;
  userId: string;
  channel: string;
  /** The message itself (for the "working" reaction). */
  messageTs?: string;
  /** Where replies go: the thread (channels), or the DM itself when undefined. */
  threadTs?: string;
  conversationKey: string;
  /**
   * Set for a channel message that does not mention leadbot: it is answered only when the router reads it as a
   * confident search or read-only command and `proceed()` agrees; otherwise nothing is posted, not even an error.
   */
  unmentioned?: { proceed: () => Promise<boolean> };
}

export interface TurnDeps extends BotDeps {
  io: SlackIo;
  cards: Cards;
}

const LIST_LINE = /^\d+\. /;

/**
 * Answers one message: a visible "working" reaction, the router/agent, then the reply rendered for Slack — lead
 * cards with buttons, draft cards, clarifying choices as buttons, approval requests as confirm buttons. A failure
 * reaches the user as one short line with the run id; the details go to the log.
 */
export async function handleTurn(turn: Turn, deps: TurnDeps): Promise<void> {
  const { io, logger } = deps;
  const where: Where = { channel: turn.channel, threadTs: turn.threadTs };
  let runId: string | undefined;
  const ctx: TurnContext = {
    conversationKey: turn.conversationKey,
    userId: turn.userId,
    surface: deps.surface,
    actor: actorOf({ id: turn.userId }, deps),
    slackChannel: turn.channel,
    slackThreadTs: turn.threadTs,
    onRunStarted: (id) => {
      runId = id;
    },
  };
  // A message addressed to leadbot is answered from the start; an unaddressed one only once the router accepts it.
  let answering = !turn.unmentioned;
  const working = async () => {
    answering = true;
    if (turn.messageTs) await io.react(turn.channel, turn.messageTs, 'eyes', true);
    return true;
  };
  try {
    let reply: Reply | undefined;
    if (turn.unmentioned) {
      const { proceed } = turn.unmentioned;
      reply = await deps.conversation.respondUnmentioned(turn.text, ctx, async () => (await proceed()) && working());
    } else {
      await working();
      reply = await deps.conversation.respond(turn.text, ctx);
    }
    if (!reply) return;
    runId = reply.runId ?? runId;
    await renderReply(reply, where, deps);
  } catch (err) {
    logger.error({ err, runId, channel: turn.channel, user: turn.userId }, 'message failed');
    if (!answering) return;
    const detail = isAppError(err) && err.code === 'invalid_input' ? ` ${escLine(err.message)}` : '';
    const ref = runId ? ` (run \`${runId}\`)` : '';
    await io
      .post({ ...where, text: `:warning: Sorry, that didn't work${ref}.${detail} The details are in leadbot's log.` })
      .catch((e) => logger.error({ err: e }, 'could not post the error message'));
  } finally {
    if (answering && turn.messageTs) await io.react(turn.channel, turn.messageTs, 'eyes', false);
  }
}

/** Posts a reply the way Slack users expect to see it. */
export async function renderReply(reply: Reply, where: Where, deps: TurnDeps): Promise<void> {
  const { io, cards } = deps;
  const tz = deps.config.schedules.timezone;
  const requests = await deps.useCases.cards.requests(reply.approvalRequestIds ?? []);
  if (requests.length > 0) {
    const blocks = [...textSections(reply.text), ...requests.flatMap((card) => buildRequestBlocks(card, tz))];
    await io.post({ ...where, text: reply.text, blocks: blocks.slice(0, 50) });
    return;
  }
  if (reply.leads && reply.leads.length > 0) {
    const [heading, ...rest] = reply.text.split('\n');
    const footer = rest.filter((l) => !LIST_LINE.test(l) && l.trim() !== '').join('\n');
    // A run's status message already says what was found; a plain listing needs its heading.
    await cards.postLeads(reply.leads, where, reply.runId ? undefined : heading, footer || undefined);
    return;
  }
  if (reply.draftIds && reply.draftIds.length > 0) {
    const [heading] = reply.text.split('\n');
    if (heading) await io.post({ ...where, text: heading });
    await cards.postDrafts(reply.draftIds, where);
    return;
  }
  await io.post({ ...where, text: reply.text, blocks: buildReplyBlocks(reply.text, reply.choices) });
}
