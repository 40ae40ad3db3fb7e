import type { types, webApi } from '@slack/bolt';
import type { AnswerStep, AnswerStream } from '../agent/ports.js';
import type { Logger } from '../logger.js';
import type { Block } from './blocks/common.js';

/** Where the answer streams: a thread, and (outside DMs) the person it is for, as chat.startStream requires. */
export interface StreamPlace {
  channel: string;
  threadTs: string;
  recipientUserId: string;
  recipientTeamId?: string;
}

/** An answer streaming into one Slack message (chat.startStream → appendStream → stopStream). */
export interface SlackAnswerStream extends AnswerStream {
  /**
   * Sends what is left, then stops the stream with `blocks` under the text (approval buttons, feedback) and
   * `markdown` after it (a closing line). False when nothing was streamed or Slack refused the stream (an older
   * workspace, a missing scope): then post the answer whole.
   */
  finish(end?: { markdown?: string; blocks?: Block[] }): Promise<boolean>;
}

/** Batch window: appendStream is called at most this often while text arrives. */
const FLUSH_MS = 250;
/** markdown_text takes up to 12,000 characters a call; flush well before. */
const MAX_TEXT = 4000;

/**
 * Creates the stream lazily: nothing is posted until the first text or step, so an answer that never streams (a
 * tier-1 reply, no model) is posted whole as before. Chunks go out in order, one call at a time; a failed
 * startStream turns the stream off (the caller posts whole); a failed append keeps its chunks for stopStream.
 */
export function createSlackAnswerStream(
  client: webApi.WebClient,
  place: StreamPlace,
  logger: Logger,
  flushMs = FLUSH_MS,
): SlackAnswerStream {
  let state: 'idle' | 'streaming' | 'failed' | 'stopped' = 'idle';
  let ts: string | undefined;
  let queue: types.AnyChunk[] = [];
  let chain: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const take = () => {
    const chunks = queue;
    queue = [];
    return chunks;
  };
  const send = async () => {
    if (state === 'failed' || state === 'stopped' || queue.length === 0) return;
    if (state === 'idle') {
      const chunks = take();
      try {
        const res = await client.chat.startStream({
          channel: place.channel,
          thread_ts: place.threadTs,
          recipient_user_id: place.recipientUserId,
          ...(place.recipientTeamId ? { recipient_team_id: place.recipientTeamId } : {}),
          task_display_mode: 'timeline',
          chunks,
        });
        ts = res.ts;
        state = ts ? 'streaming' : 'failed';
      } catch (err) {
        state = 'failed';
        logger.info({ err, channel: place.channel }, 'Slack refused a streamed answer; posting it whole');
      }
      return;
    }
    const chunks = take();
    try {
      await client.chat.appendStream({ channel: place.channel, ts: ts!, chunks });
    } catch (err) {
      queue = [...chunks, ...queue];
      logger.warn({ err, channel: place.channel }, 'a streamed answer could not be appended to; retrying at the end');
    }
  };
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    chain = chain.then(send);
    return chain;
  };
  const later = () => {
    timer ??= setTimeout(() => void flush(), flushMs);
  };
  const textQueued = () => queue.reduce((n, c) => n + (c.type === 'markdown_text' ? c.text.length : 0), 0);

  const text = (markdown: string) => {
    if (!markdown || state === 'failed' || state === 'stopped') return;
    const last = queue.at(-1);
    // A new chunk object: the previous one may already be in a request being sent.
    if (last?.type === 'markdown_text') queue[queue.length - 1] = { type: 'markdown_text', text: last.text + markdown };
    else queue.push({ type: 'markdown_text', text: markdown });
    if (textQueued() >= MAX_TEXT) void flush();
    else later();
  };

  return {
    text,
    step(step: AnswerStep) {
      if (state === 'failed' || state === 'stopped') return;
      queue.push({
        type: 'task_update',
        id: step.id,
        title: step.title,
        status: step.status,
        ...(step.output ? { output: step.output } : {}),
      });
      later();
    },
    async finish(end = {}) {
      if (end.markdown) text(end.markdown);
      await flush();
      if (state !== 'streaming') return false;
      state = 'stopped';
      try {
        await client.chat.stopStream({
          channel: place.channel,
          ts: ts!,
          ...(queue.length > 0 ? { chunks: take() } : {}),
          ...(end.blocks?.length ? { blocks: end.blocks } : {}),
        });
        return true;
      } catch (err) {
        logger.warn({ err, channel: place.channel }, 'a streamed answer could not be stopped; posting it whole');
        return false;
      }
    },
  };
}
