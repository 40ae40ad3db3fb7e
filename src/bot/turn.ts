import type { Reply, TurnContext } from '../agent/ports.js';
import { isAppError } from '../errors.js';
import { neutraliseModelMarkdown } from '../mrkdwn/model-markdown.js';
import { finishStreamedAnswer, postAgentAnswer } from './agent-answer.js';
import { createSlackAnswerStream, type SlackAnswerStream } from './answer-stream.js';
import { escLine } from './blocks/common.js';
import { buildReplyBlocks, buildRequestBlocks, textSections } from './blocks/reply.js';
import type { Cards, Where } from './cards.js';
import { actorOf, type BotDeps } from './deps.js';
import { titleThread } from './listeners/agent-threads.js';
import type { SlackIo } from './slack-io.js';
import { createStatusLine, type StatusLine } from './status-line.js';

/** One message to answer: who said what, where, and where the answer goes. */
export interface Turn {
  text: string;
  userId: string;
  channel: string;
  /** The message itself (for the "working" reaction). */
  messageTs?: string;
  /** Where replies go: the thread (in channels and, on the agent surface, in DMs), or the DM itself when undefined. */
  threadTs?: string;
  conversationKey: string;
  /**
   * Set for a channel message that does not mention leadbot: it is answered only when the router reads it as a
   * confident search or read-only command and `proceed()` agrees; otherwise nothing is posted, not even an error.
   */
  unmentioned?: { proceed: () => Promise<boolean> };
  /** The asker's team (chat.startStream's recipient_team_id outside DMs). */
  teamId?: string;
}

export interface TurnDeps extends BotDeps {
  io: SlackIo;
  cards: Cards;
}

const LIST_LINE = /^\d+\. /;

/** While a message in a thread is worked on: its status line, and the stream an agent answer is written into. */
interface Live {
  status: StatusLine;
  stream: SlackAnswerStream;
}

async function goLive(turn: Turn & { threadTs: string }, deps: TurnDeps): Promise<Live> {
  const where = { channel: turn.channel, threadTs: turn.threadTs };
  const status = createStatusLine({ client: deps.io.client, useCases: deps.useCases, logger: deps.logger }, where);
  status.start();
  const stream = createSlackAnswerStream(
    deps.io.client,
    { ...where, recipientUserId: turn.userId, recipientTeamId: turn.teamId },
    deps.logger,
  );
  // A new thread on the agent surface (the app's DM) is titled after its first request.
  if (turn.channel.startsWith('D') && !(await deps.useCases.surface.knowsConversation(turn.conversationKey)))
    void titleThread(deps, where, turn.text);
  return { status, stream };
}

/**
 * Answers one message: a visible "working" reaction and, in a thread, a live status line; the router/agent; then
 * the reply — an agent answer streams into its message as it is written (with its tool calls as tasks), anything
 * else is rendered for Slack as before: lead cards with buttons, draft cards, clarifying choices, approval requests.
 * A failure reaches the user as one short line with the run id (closing a stream that was open); details are logged.
 */
export async function handleTurn(turn: Turn, deps: TurnDeps): Promise<void> {
  const { io, logger } = deps;
  const where: Where = { channel: turn.channel, threadTs: turn.threadTs };
  let runId: string | undefined;
  const live = turn.threadTs ? await goLive({ ...turn, threadTs: turn.threadTs }, deps) : undefined;
  const ctx: TurnContext = {
    conversationKey: turn.conversationKey,
    userId: turn.userId,
    surface: deps.surface,
    actor: actorOf({ id: turn.userId }, deps),
    slackChannel: turn.channel,
    slackThreadTs: turn.threadTs,
    onRunStarted: (id) => {
      runId = id;
      live?.status.follow(id);
    },
    stream: live?.stream,
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
    await live?.status.stop();
    if (!live || !(await finishStreamedAnswer(reply, live.stream, where, deps))) await renderReply(reply, where, deps);
  } catch (err) {
    logger.error({ err, runId, channel: turn.channel, user: turn.userId }, 'message failed');
    if (!answering) return;
    const detail = isAppError(err) && err.code === 'invalid_input' ? err.message : '';
    const ref = runId ? ` (run \`${runId}\`)` : '';
    const line = (d: string) =>
      `:warning: Sorry, that didn't work${ref}.${d ? ` ${d}` : ''} The details are in leadbot's log.`;
    await live?.status.stop();
    const closed = live && (await live.stream.finish({ markdown: `\n\n${line(neutraliseModelMarkdown(detail))}` }));
    if (!closed)
      await io
        .post({ ...where, text: line(escLine(detail)) })
        .catch((e) => logger.error({ err: e }, 'could not post the error message'));
  } finally {
    if (answering && turn.messageTs) await io.react(turn.channel, turn.messageTs, 'eyes', false);
  }
}

/** Posts a reply the way Slack users expect to see it. */
async function renderReply(reply: Reply, where: Where, deps: TurnDeps): Promise<void> {
  const { io, cards } = deps;
  if (reply.answeredBy === 'agent' && reply.runId) return postAgentAnswer(reply, where, deps);
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
