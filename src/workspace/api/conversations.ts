import { compareTs } from '../ids.js';
import { channelJson, messageJson } from '../store/serialize.js';
import type { Json, WsMessage } from '../store/types.js';
import { bool, int, required, SlackApiError, str } from './call.js';
import { channelArg } from './chat.js';
import type { ApiContext, ApiMethod } from './context.js';

const encodeCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64');

function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const m = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!m) throw new SlackApiError('invalid_cursor');
  return Number(m[1]);
}

/** Applies Slack's cursor pagination to a list; answers the page, has_more and response_metadata. */
function page<T>(items: T[], args: Record<string, unknown>, fallback: number, max: number) {
  const offset = decodeCursor(str(args, 'cursor'));
  const limit = int(args, 'limit', fallback, max);
  const slice = items.slice(offset, offset + limit);
  const more = offset + limit < items.length;
  return { slice, more, meta: { next_cursor: more ? encodeCursor(offset + limit) : '' } };
}

function inWindow(messages: WsMessage[], args: Record<string, unknown>): WsMessage[] {
  const oldest = str(args, 'oldest');
  const latest = str(args, 'latest');
  const inclusive = bool(args, 'inclusive');
  return messages.filter((m) => {
    if (oldest) {
      const c = compareTs(m.ts, oldest);
      if (c < 0 || (c === 0 && !inclusive)) return false;
    }
    if (latest) {
      const c = compareTs(m.ts, latest);
      if (c > 0 || (c === 0 && !inclusive)) return false;
    }
    return true;
  });
}

const history: ApiMethod = (args, ctx) => {
  const channel = channelArg(args, ctx);
  const all = inWindow(ctx.store.history(channel.id), args).reverse();
  const { slice, more, meta } = page(all, args, 100, 999);
  return {
    messages: slice.map((m) => messageJson(m, ctx.store)),
    has_more: more,
    pin_count: 0,
    response_metadata: meta,
  };
};

const replies: ApiMethod = (args, ctx) => {
  const channel = channelArg(args, ctx);
  const ts = required(args, 'ts', 'thread_not_found');
  const target = ctx.store.message(channel.id, ts);
  if (!target) throw new SlackApiError('thread_not_found');
  const thread = ctx.store.thread(channel.id, target.threadTs ?? target.ts);
  const [parent, ...rest] = thread.length > 0 ? thread : [target];
  const { slice, more, meta } = page(inWindow(rest, args), args, 1000, 1000);
  const messages = [parent!, ...slice].map((m) => messageJson(m, ctx.store));
  return { messages, has_more: more, response_metadata: meta };
};

const info: ApiMethod = (args, ctx) => ({ channel: channelJson(channelArg(args, ctx), ctx.store.identity) });

const list: ApiMethod = (args, ctx) => {
  const types = (str(args, 'types') ?? 'public_channel').split(',').map((t) => t.trim());
  const all = ctx.store.channels().filter((c) => (c.isIm ? types.includes('im') : types.includes('public_channel')));
  const { slice, meta } = page(all, args, 100, 1000);
  return { channels: slice.map((c) => channelJson(c, ctx.store.identity)), response_metadata: meta };
};

const open: ApiMethod = (args, ctx) => {
  const users = (str(args, 'users') ?? '').split(',').filter(Boolean);
  const byChannel = str(args, 'channel');
  const channel = byChannel
    ? ctx.store.channel(byChannel)
    : users.length === 1
      ? ctx.store.dmWith(users[0]!)
      : undefined;
  if (!byChannel && users.length === 0) throw new SlackApiError('users_list_not_supplied');
  if (!byChannel && users.some((u) => !ctx.store.user(u))) throw new SlackApiError('user_not_found');
  if (!channel) throw new SlackApiError(byChannel ? 'channel_not_found' : 'not_enough_users');
  const body: Json = bool(args, 'return_im') ? channelJson(channel, ctx.store.identity) : { id: channel.id };
  return { no_op: true, already_open: true, channel: body };
};

const members: ApiMethod = (args, ctx) => {
  const { slice, meta } = page(channelArg(args, ctx).members, args, 100, 1000);
  return { members: slice, response_metadata: meta };
};

const join: ApiMethod = (args, ctx: ApiContext) => {
  const channel = channelArg(args, ctx);
  return { channel: channelJson(channel, ctx.store.identity), warning: 'already_in_channel' };
};

/** conversations.* methods. */
export const conversationMethods: Record<string, ApiMethod> = {
  'conversations.history': history,
  'conversations.replies': replies,
  'conversations.info': info,
  'conversations.list': list,
  'conversations.open': open,
  'conversations.members': members,
  'conversations.join': join,
  'conversations.mark': (args, ctx) => {
    channelArg(args, ctx);
    return {};
  },
};
