import type { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createSlackIo } from '../../src/bot/slack-io.js';
import { silentLogger } from '../../src/logger.js';

/** A WebClient stand-in that records posts; the clock only moves when the pacer sleeps. */
function world() {
  let t = 0;
  const posts: { channel: string; text: string; at: number }[] = [];
  const sleeps: number[] = [];
  const client = {
    chat: {
      postMessage: async (args: { channel: string; text: string }) => {
        posts.push({ channel: args.channel, text: args.text, at: t });
        return { ok: true, ts: `${posts.length}.000` };
      },
    },
  } as unknown as webApi.WebClient;
  const io = createSlackIo(client, silentLogger(), {
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
  });
  return { io, posts, sleeps };
}

describe('Slack output pacing', () => {
  it('posts to one channel in order, a short burst at once, then about one per second', async () => {
    const { io, posts } = world();
    const ts = await Promise.all(Array.from({ length: 8 }, (_, i) => io.post({ channel: 'C1', text: `m${i}` })));
    expect(ts).toEqual(['1.000', '2.000', '3.000', '4.000', '5.000', '6.000', '7.000', '8.000']);
    expect(posts.map((p) => p.text)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
    expect(posts.slice(0, 4).map((p) => p.at)).toEqual([0, 0, 0, 0]);
    const gaps = posts.slice(4).map((p, i) => p.at - posts[i + 3]!.at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1000);
  });

  it('paces each channel on its own', async () => {
    const { io, posts } = world();
    await Promise.all([
      ...Array.from({ length: 4 }, (_, i) => io.post({ channel: 'C1', text: `a${i}` })),
      ...Array.from({ length: 4 }, (_, i) => io.post({ channel: 'C2', text: `b${i}` })),
    ]);
    expect(posts.every((p) => p.at === 0)).toBe(true);
  });
});
