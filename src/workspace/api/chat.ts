import { messageJson } from '../store/serialize.js';
import type { WsChannel, WsMessage } from '../store/types.js';
import { assertMessageBlocks, normalizeBlocks } from './blocks.js';
import { bool, objects, required, SlackApiError, str } from './call.js';
import type { ApiContext, ApiMethod } from './context.js';

/** Slack truncates or rejects message text over 40,000 characters. */
export const MAX_TEXT = 40_000;

/** Finds the conversation named by the `channel` argument (id, #name, name or user id). */
export function channelArg(args: Record<string, unknown>, ctx: ApiContext, key = 'channel'): WsChannel {
  const ref = str(args, key);
  const channel = ref ? ctx.store.resolveChannel(ref) : undefined;
  if (!channel) throw new SlackApiError('channel_not_found');
  return channel;
}

function content(args: Record<string, unknown>) {
  const text = str(args, 'text') ?? str(args, 'markdown_text');
  const blocks = objects(args, 'blocks');
  const attachments = objects(args, 'attachments');
  if (text !== undefined && text.length > MAX_TEXT) throw new SlackApiError('msg_too_long');
  assertMessageBlocks(blocks);
  return { text, blocks: normalizeBlocks(blocks), attachments };
}

function threadArg(args: Record<string, unknown>, ctx: ApiContext, channel: string): string | undefined {
  const ts = str(args, 'thread_ts');
  if (!ts) return undefined;
  const target = ctx.store.message(channel, ts);
  if (!target) throw new SlackApiError('thread_not_found');
  return target.threadTs ?? target.ts;
}

export function botMessage(args: Record<string, unknown>, ctx: ApiContext): WsMessage {
  const channel = channelArg(args, ctx);
  const c = content(args);
  if (c.text === undefined && !c.blocks?.length && !c.attachments?.length) throw new SlackApiError('no_text');
  const threadTs = threadArg(args, ctx, channel.id);
  const { identity } = ctx.store;
  const metadata =
    args.metadata && typeof args.metadata === 'object' ? (args.metadata as WsMessage['metadata']) : undefined;
  const m = ctx.store.post({
    channel: channel.id,
    user: identity.botUser.id,
    botId: identity.botId,
    appId: identity.appId,
    text: c.text ?? '',
    blocks: c.blocks,
    attachments: c.attachments,
    threadTs,
    metadata,
    broadcast: threadTs !== undefined && bool(args, 'reply_broadcast'),
  });
  if (threadTs) ctx.store.agent.setStatus(channel.id, threadTs, '');
  return m;
}

export function ownMessage(args: Record<string, unknown>, ctx: ApiContext, tsKey: string, refusal: string): WsMessage {
  const channel = channelArg(args, ctx);
  const m = ctx.store.message(channel.id, required(args, tsKey, 'message_not_found'));
  if (!m) throw new SlackApiError('message_not_found');
  if (m.user !== ctx.store.identity.botUser.id) throw new SlackApiError(refusal);
  return m;
}

const postMessage: ApiMethod = (args, ctx) => {
  const m = botMessage(args, ctx);
  ctx.events.botPosted(m);
  return { channel: m.channel, ts: m.ts, message: messageJson(m, ctx.store) };
};

const update: ApiMethod = (args, ctx) => {
  const m = ownMessage(args, ctx, 'ts', 'cant_update_message');
  const c = content(args);
  if (c.text === undefined && c.blocks === undefined && c.attachments === undefined) throw new SlackApiError('no_text');
  const previous = messageJson(m, ctx.store);
  ctx.store.update(m, {
    ...(c.text !== undefined ? { text: c.text } : {}),
    ...(c.blocks !== undefined ? { blocks: c.blocks } : {}),
    ...(c.attachments !== undefined ? { attachments: c.attachments } : {}),
    edited: { user: ctx.store.identity.botUser.id, ts: ctx.store.nextTs() },
  });
  ctx.events.botChanged(m, previous);
  const message = messageJson(m, ctx.store);
  return { channel: m.channel, ts: m.ts, text: m.text, message };
};

const postEphemeral: ApiMethod = (args, ctx) => {
  const channel = channelArg(args, ctx);
  const user = required(args, 'user', 'user_not_found');
  if (!ctx.store.user(user)) throw new SlackApiError('user_not_found');
  if (!channel.members.includes(user)) throw new SlackApiError('user_not_in_channel');
  const c = content(args);
  if (c.text === undefined && !c.blocks?.length && !c.attachments?.length) throw new SlackApiError('no_text');
  const threadTs = threadArg(args, ctx, channel.id);
  const e = ctx.store.postEphemeral({ ...c, channel: channel.id, user, threadTs, text: c.text ?? '' });
  return { message_ts: e.ts };
};

const remove: ApiMethod = (args, ctx) => {
  const m = ownMessage(args, ctx, 'ts', 'cant_delete_message');
  ctx.store.remove(m.channel, m.ts);
  ctx.events.botDeleted(m);
  return { channel: m.channel, ts: m.ts };
};

const getPermalink: ApiMethod = (args, ctx) => {
  const channel = channelArg(args, ctx);
  const m = ctx.store.message(channel.id, required(args, 'message_ts', 'message_not_found'));
  if (!m) throw new SlackApiError('message_not_found');
  const p = `${ctx.baseUrl}/archives/${channel.id}/p${m.ts.replace('.', '')}`;
  const permalink = m.threadTs && m.threadTs !== m.ts ? `${p}?thread_ts=${m.threadTs}&cid=${channel.id}` : p;
  return { channel: channel.id, permalink };
};

const scheduleMessage: ApiMethod = (args, ctx) => {
  const postAt = Number(required(args, 'post_at', 'invalid_time'));
  const delayMs = postAt * 1000 - ctx.now().getTime();
  if (!Number.isFinite(postAt) || delayMs < 0) throw new SlackApiError('time_in_past');
  if (delayMs > 120 * 86_400_000) throw new SlackApiError('time_too_far');
  const channel = channelArg(args, ctx);
  content(args);
  const id = `Q${Math.random().toString(36).slice(2, 12).toUpperCase()}`;
  setTimeout(() => {
    try {
      ctx.events.botPosted(botMessage(args, ctx));
    } catch {
      ctx.store.notice('warn', `A scheduled message for #${channel.name} could not be posted.`);
    }
  }, delayMs).unref();
  return { channel: channel.id, scheduled_message_id: id, post_at: postAt, message: { text: str(args, 'text') ?? '' } };
};

/** chat.* methods. */
export const chatMethods: Record<string, ApiMethod> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
  'chat.delete': remove,
  'chat.getPermalink': getPermalink,
  'chat.scheduleMessage': scheduleMessage,
  'chat.unfurl': () => ({}),
  'chat.meMessage': (args, ctx) => {
    const m = botMessage(args, ctx);
    ctx.events.botPosted(m);
    return { channel: m.channel, ts: m.ts };
  },
};
