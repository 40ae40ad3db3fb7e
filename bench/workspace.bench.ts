/**
 * Local workspace: how quickly a real Bolt app (HTTP mode) answers through it, and how fast its Web API is.
 * Round trips include signing, delivery to /slack/events, Bolt's verification and the bot's Web API calls.
 */
import { webApi } from '@slack/bolt';
import type { WorkspaceStore } from '../src/workspace/store/store.js';
import { createTinyBoltApp } from '../test/workspace/fixtures/tiny-bolt-app.js';
import { startHarness } from '../test/workspace/helpers.js';
import type { BenchResult } from './run.js';
import { median, percentile, timeRuns } from './stats.js';

const LEADS = 'C0LEADS0001';

/** Resolves on the first store change after which `done()` holds (no polling delay in the figures). */
function until(store: WorkspaceStore, done: () => boolean): Promise<void> {
  if (done()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), 10_000);
    const stop = store.subscribe(() => {
      if (!done()) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

export async function run(): Promise<BenchResult> {
  const h = await startHarness({ bot: createTinyBoltApp, rateLimits: false });
  try {
    const mention = await timeRuns(100, async (i) => {
      const m = h.ws.user.say({ channel: LEADS, text: `@leadbot ping ${i}` });
      await until(h.ws.store, () => h.ws.store.thread(LEADS, m.ts).length >= 3);
    });
    const cards = h.ws.store.history(LEADS).map((m) => h.ws.store.thread(LEADS, m.ts)[2]!);
    const click = await timeRuns(50, async (i) => {
      const card = cards[i]!;
      await h.ws.user.click({ channel: LEADS, messageTs: card.ts, blockId: 'lead_1', actionId: 'approve' });
      await until(h.ws.store, () => h.ws.store.message(LEADS, card.ts)?.text === 'Approved');
    });
    const client = new webApi.WebClient(h.ws.botToken, { slackApiUrl: h.ws.apiUrl });
    const started = performance.now();
    for (let i = 0; i < 500; i++) await client.chat.postMessage({ channel: LEADS, text: `load ${i}` });
    const perSecond = 500 / ((performance.now() - started) / 1000);
    const snapshot = await timeRuns(20, async () => (await fetch(`${h.baseUrl}/workspace/ui/state`)).text());
    const size = (await (await fetch(`${h.baseUrl}/workspace/ui/state`)).text()).length;
    const f = (xs: number[]) => `p50 ${median(xs).toFixed(1)} ms, p99 ${percentile(xs, 99).toFixed(1)} ms`;
    return {
      lines: [
        `mention → threaded reply + card (100): ${f(mention)}`,
        `Approve click → card updated (50): ${f(click)}`,
        `chat.postMessage through WebClient, sequential: ${perSecond.toFixed(0)} calls/s`,
        `page snapshot with ${h.ws.store.all(LEADS).length} messages (${(size / 1024).toFixed(0)} KiB): ${f(snapshot)}`,
      ],
      data: {
        mentionMs: { p50: median(mention), p99: percentile(mention, 99) },
        clickMs: { p50: median(click), p99: percentile(click, 99) },
        postMessagePerSecond: perSecond,
        snapshotMs: { p50: median(snapshot), p99: percentile(snapshot, 99), bytes: size },
      },
    };
  } finally {
    await h.close();
  }
}
