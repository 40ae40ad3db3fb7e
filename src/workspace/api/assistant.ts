import type { Json } from '../store/types.js';
import { required, SlackApiError, str } from './call.js';
import { channelArg } from './chat.js';
import type { ApiContext, ApiMethod } from './context.js';

const isObj = (v: unknown): v is Json => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/** The thread named by thread_ts, which must exist in the channel. */
function threadArg(args: Record<string, unknown>, ctx: ApiContext, channel: string): string {
  const ts = required(args, 'thread_ts', 'invalid_arguments');
  const m = ctx.store.message(channel, ts);
  if (!m) throw new SlackApiError('invalid_thread_ts');
  return m.threadTs ?? m.ts;
}

const strings = (v: unknown, max: number): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0).slice(0, max) : undefined;

const setStatus: ApiMethod = (args, ctx) => {
  const channel = channelArg(args, ctx, 'channel_id');
  const threadTs = required(args, 'thread_ts', 'invalid_arguments');
  const status = str(args, 'status');
  if (status === undefined) throw new SlackApiError('invalid_arguments');
  ctx.store.agent.setStatus(channel.id, threadTs, status, strings(args.loading_messages, 10));
  return {};
};

const setTitle: ApiMethod = (args, ctx) => {
  const channel = channelArg(args, ctx, 'channel_id');
  const threadTs = threadArg(args, ctx, channel.id);
  const title = required(args, 'title', 'invalid_arguments').replace(/\s+/g, ' ').trim();
  if (!title) throw new SlackApiError('invalid_arguments');
  ctx.store.agent.setTitle(channel.id, threadTs, title.slice(0, 255));
  return {};
};

/**
 * Up to four prompts, each a title and the message it sends. The workspace is an agent-view app: as in Slack, a
 * call with thread_ts (the older assistant view's way) answers ok and changes nothing; the page says so.
 */
const setSuggestedPrompts: ApiMethod = (args, ctx) => {
  const channel = channelArg(args, ctx, 'channel_id');
  const raw = Array.isArray(args.prompts) ? args.prompts : [];
  const prompts = raw
    .filter(isObj)
    .map((p) => ({ title: String(p.title ?? '').trim(), message: String(p.message ?? '').trim() }))
    .filter((p) => p.title && p.message);
  if (prompts.length === 0 || prompts.length !== raw.length || prompts.length > 4)
    throw new SlackApiError('invalid_arguments');
  if (str(args, 'thread_ts')) {
    ctx.store.notice('warn', 'leadbot set suggested prompts with thread_ts, which an agent-view app ignores.');
    return {};
  }
  const title = str(args, 'title');
  ctx.store.agent.setPrompts({ channel: channel.id, ...(title ? { title } : {}), prompts });
  return {};
};

/** assistant.threads.* methods. */
export const assistantMethods: Record<string, ApiMethod> = {
  'assistant.threads.setStatus': setStatus,
  'assistant.threads.setTitle': setTitle,
  'assistant.threads.setSuggestedPrompts': setSuggestedPrompts,
};
