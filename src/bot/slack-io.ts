import type { webApi } from '@slack/bolt';
import type { Logger } from '../logger.js';
import type { Block } from './blocks/common.js';

type WebClient = webApi.WebClient;

export interface Message {
  channel: string;
  text: string;
  blocks?: Block[];
  threadTs?: string;
}

/**
 * Slack output with Slack's manners: posts to one channel go out in order and at about one per second after a
 * short burst (chat.postMessage's per-channel limit); updates to one message are serialised, so two clicks on one
 * page never overwrite each other with stale cards. The WebClient itself honours 429 Retry-After.
 */
export interface SlackIo {
  client: WebClient;
  post(message: Message): Promise<string | undefined>;
  update(channel: string, ts: string, text: string, blocks?: Block[]): Promise<void>;
  ephemeral(channel: string, user: string, text: string, threadTs?: string): Promise<void>;
  react(channel: string, ts: string, name: string, on: boolean): Promise<void>;
  /** Runs `fn` alone for this key (e.g. one message being rebuilt). */
  exclusive<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

const BURST = 4;
const INTERVAL_MS = 1000;

export function createSlackIo(
  client: WebClient,
  logger: Logger,
  clock: { now: () => number; sleep: (ms: number) => Promise<void> } = {
    now: Date.now,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  },
): SlackIo {
  const { now } = clock;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const chains = new Map<string, Promise<unknown>>();

  const exclusive = <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const prev = chains.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const settled = next.catch(() => undefined);
    chains.set(key, settled);
    void settled.then(() => {
      if (chains.get(key) === settled) chains.delete(key);
    });
    return next;
  };

  /** Waits for a posting slot in this channel (token bucket: BURST at once, then one per INTERVAL_MS). */
  const slot = async (channel: string) => {
    const t = now();
    const b = buckets.get(channel) ?? { tokens: BURST, at: t };
    b.tokens = Math.min(BURST, b.tokens + (t - b.at) / INTERVAL_MS);
    b.at = t;
    buckets.set(channel, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return;
    }
    const wait = Math.ceil((1 - b.tokens) * INTERVAL_MS);
    b.tokens -= 1;
    await clock.sleep(wait);
  };

  return {
    client,
    exclusive,
    post: (m) =>
      exclusive(`post:${m.channel}`, async () => {
        await slot(m.channel);
        const res = await client.chat.postMessage({
          channel: m.channel,
          text: m.text,
          ...(m.blocks ? { blocks: m.blocks } : {}),
          ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
          unfurl_links: false,
          unfurl_media: false,
        });
        return res.ts;
      }),
    async update(channel, ts, text, blocks) {
      await client.chat.update({ channel, ts, text, ...(blocks ? { blocks } : {}) });
    },
    async ephemeral(channel, user, text, threadTs) {
      await client.chat.postEphemeral({ channel, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
    },
    async react(channel, ts, name, on) {
      try {
        if (on) await client.reactions.add({ channel, timestamp: ts, name });
        else await client.reactions.remove({ channel, timestamp: ts, name });
      } catch (err) {
        logger.debug({ err, channel, ts, name }, 'reaction not changed');
      }
    },
  };
}
