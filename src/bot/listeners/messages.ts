import type { App as BoltApp } from '@slack/bolt';
import { esc } from '../blocks/common.js';
import { actorOf } from '../deps.js';
import { handleTurn, type Turn, type TurnDeps } from '../turn.js';
import { createChannelWatch } from '../watched-channel.js';

/** The fields of a message or app_mention event this bot reads (Bolt's types are a wide union). */
interface MessageLike {
  type: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  parent_user_id?: string;
  channel: string;
  channel_type?: string;
  team?: string;
  user_team?: string;
}

/**
 * One message, one answer: the Events API envelope id (Slack's retries reuse it) and the message itself (a mention
 * arrives both as app_mention and as message.channels) are claimed in processed_events, so a retry, a double
 * delivery or a restart never answers twice.
 */
async function claimMessage(deps: TurnDeps, eventId: string | undefined, m: MessageLike): Promise<boolean> {
  const { claimEvent } = deps.useCases.surface;
  if (eventId && !(await claimEvent({ id: eventId, type: m.type }))) return false;
  return claimEvent({ id: `message:${m.channel}:${m.ts}`, type: 'message' });
}

const isDm = (m: MessageLike) => m.channel_type === 'im' || m.channel.startsWith('D');

/** Each thread is one conversation, in channels and in the app's DM (the agent surface, one thread per request). */
function conversationKeyFor(m: MessageLike): { key: string; threadTs?: string } {
  const thread = m.thread_ts ?? m.ts;
  return { key: `slack:${m.channel}:${thread}`, threadTs: thread };
}

const mentions = (text: string | undefined, botUserId: string | undefined) =>
  Boolean(botUserId && text?.includes(`<@${botUserId}`));

export function registerMessages(bolt: BoltApp, deps: TurnDeps): void {
  const { logger } = deps;
  const answer = (m: MessageLike, team: string | undefined, unmentioned?: Turn['unmentioned']) => {
    const { key, threadTs } = conversationKeyFor(m);
    return handleTurn(
      {
        text: m.text ?? '',
        userId: m.user!,
        channel: m.channel,
        messageTs: m.ts,
        threadTs,
        conversationKey: key,
        unmentioned,
        teamId: m.user_team ?? m.team ?? team,
      },
      deps,
    );
  };
  const watched = deps.config.slack.answerWithoutMention
    ? createChannelWatch(bolt.client, deps.config.slack.leadsChannel, logger)
    : async () => false;
  /** Who may ask without a mention: a member of the team (guests and other teams' people are ignored, silently). */
  const member = (userId: string) =>
    deps.useCases.check('read', actorOf({ id: userId }, deps)).then(
      () => true,
      () => false,
    );

  bolt.event('app_mention', async ({ event, body, context }) => {
    const m = event as unknown as MessageLike;
    if (m.bot_id || !m.user || m.subtype) return;
    await new Promise((r) => setImmediate(r));
    if (!(await claimMessage(deps, body.event_id, m))) return;
    await answer(m, context.teamId);
  });

  bolt.message(async ({ message, body, context }) => {
    const m = message as unknown as MessageLike;
    // Bot posts (ours included), edits, deletions and joins are not requests.
    if (m.subtype || m.bot_id || !m.user || m.user === context.botUserId) return;
    if (!isDm(m)) {
      // A mention is answered as app_mention (Slack delivers it twice).
      if (mentions(m.text, context.botUserId)) return;
      if (!m.thread_ts) {
        if (!(await watched(m.channel))) return;
        // Only a confident search or read-only command, from a member, once.
        await answer(m, context.teamId, {
          proceed: async () => (await member(m.user!)) && claimMessage(deps, body.event_id, m),
        });
        return;
      }
      const key = `slack:${m.channel}:${m.thread_ts}`;
      const ours = m.parent_user_id === context.botUserId || (await deps.useCases.surface.knowsConversation(key));
      if (!ours) return;
    }
    if (!(await claimMessage(deps, body.event_id, m))) return;
    await answer(m, context.teamId);
  });

  bolt.command('/leadbot', async ({ command, ack, respond }) => {
    await ack();
    const text = command.text.trim() || 'help';
    let root: string | undefined;
    try {
      root = await deps.io.post({
        channel: command.channel_id,
        text: `<@${command.user_id}> asked: /leadbot ${esc(text)}`,
      });
    } catch (err) {
      logger.warn({ err, channel: command.channel_id }, 'cannot post in the channel of a slash command');
      await respond({
        response_type: 'ephemeral',
        text: 'I can’t post in this channel. Invite me with `/invite @leadbot`, or send me a direct message.',
      });
      return;
    }
    if (!root) return;
    const dm = command.channel_id.startsWith('D');
    await handleTurn(
      {
        text,
        userId: command.user_id,
        channel: command.channel_id,
        threadTs: root,
        conversationKey: dm ? `slack:${command.channel_id}` : `slack:${command.channel_id}:${root}`,
      },
      deps,
    );
  });
}
