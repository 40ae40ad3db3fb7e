import { messageJson } from '../store/serialize.js';
import type { Json, WsMessage, WsTask } from '../store/types.js';
import { assertMessageBlocks, normalizeBlocks } from './blocks.js';
import { objects, SlackApiError, str } from './call.js';
import { botMessage, channelArg, MAX_TEXT, ownMessage } from './chat.js';
import type { ApiContext, ApiMethod } from './context.js';

const STATUSES = new Set(['pending', 'in_progress', 'complete', 'error']);
const isObj = (v: unknown): v is Json => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/** What markdown_text and chunks add to a streaming message: text, tasks (by id), a plan title, blocks. */
function apply(m: WsMessage, args: Record<string, unknown>): Partial<WsMessage> {
  let text = m.text + (str(args, 'markdown_text') ?? '');
  const tasks = [...(m.tasks ?? [])];
  let planTitle = m.planTitle;
  const extra: Json[] = [];
  for (const chunk of Array.isArray(args.chunks) ? args.chunks : []) {
    if (!isObj(chunk)) throw new SlackApiError('invalid_chunks');
    if (chunk.type === 'markdown_text' && typeof chunk.text === 'string') text += chunk.text;
    else if (chunk.type === 'task_update' && typeof chunk.id === 'string' && STATUSES.has(String(chunk.status))) {
      const task: WsTask = {
        id: chunk.id,
        title: String(chunk.title ?? ''),
        status: chunk.status as WsTask['status'],
        ...(typeof chunk.details === 'string' ? { details: chunk.details } : {}),
        ...(typeof chunk.output === 'string' ? { output: chunk.output } : {}),
      };
      const at = tasks.findIndex((t) => t.id === task.id);
      if (at >= 0) tasks[at] = { ...tasks[at], ...task };
      else tasks.push(task);
    } else if (chunk.type === 'plan_update' && typeof chunk.title === 'string') planTitle = chunk.title;
    else if (chunk.type === 'blocks' && Array.isArray(chunk.blocks)) extra.push(...(chunk.blocks as Json[]));
    else throw new SlackApiError('invalid_chunks');
  }
  if (text.length > MAX_TEXT) throw new SlackApiError('msg_too_long');
  const blocks = extra.length > 0 ? normalizeBlocks([...(m.blocks ?? []), ...extra]) : undefined;
  assertMessageBlocks(blocks);
  return {
    text,
    ...(tasks.length ? { tasks } : {}),
    ...(planTitle ? { planTitle } : {}),
    ...(blocks ? { blocks } : {}),
  };
}

function streaming(args: Record<string, unknown>, ctx: ApiContext): WsMessage {
  const m = ownMessage(args, ctx, 'ts', 'cant_update_message');
  if (!m.streaming) throw new SlackApiError('message_not_in_streaming_state');
  return m;
}

/** Starts a streamed reply; outside DMs it names who it is for (recipient_user_id and recipient_team_id). */
const startStream: ApiMethod = (args, ctx) => {
  const channel = channelArg(args, ctx);
  if (!channel.isIm && (!str(args, 'recipient_user_id') || !str(args, 'recipient_team_id')))
    throw new SlackApiError('invalid_arguments');
  const mode = str(args, 'task_display_mode') ?? 'timeline';
  if (mode !== 'timeline' && mode !== 'plan') throw new SlackApiError('invalid_arguments');
  const m = botMessage({ ...args, text: '', markdown_text: undefined, blocks: undefined }, ctx);
  ctx.store.update(m, { ...apply(m, args), streaming: true, taskDisplayMode: mode });
  ctx.events.botPosted(m);
  return { channel: m.channel, ts: m.ts };
};

const appendStream: ApiMethod = (args, ctx) => {
  const m = streaming(args, ctx);
  if (str(args, 'markdown_text') === undefined && !Array.isArray(args.chunks)) throw new SlackApiError('no_text');
  ctx.store.update(m, apply(m, args));
  return { channel: m.channel, ts: m.ts };
};

/** Ends the stream: the text becomes a markdown block, with the given blocks (buttons, feedback) under it. */
const stopStream: ApiMethod = (args, ctx) => {
  const m = streaming(args, ctx);
  const patch = apply(m, args);
  const end = normalizeBlocks(objects(args, 'blocks')) ?? [];
  const text = patch.text ?? m.text;
  const blocks = [...(text ? [{ type: 'markdown', text }] : []), ...(patch.blocks ?? m.blocks ?? []), ...end];
  assertMessageBlocks(blocks);
  ctx.store.update(m, { ...patch, streaming: false, ...(blocks.length ? { blocks } : {}) });
  return { channel: m.channel, ts: m.ts, message: messageJson(m, ctx.store) };
};

/** chat.startStream, chat.appendStream and chat.stopStream. */
export const streamMethods: Record<string, ApiMethod> = {
  'chat.startStream': startStream,
  'chat.appendStream': appendStream,
  'chat.stopStream': stopStream,
};
