import type { RunRecord } from '../pipeline/runs/ports.js';
import { TERMINAL_RUN_STATUSES } from '../pipeline/runs/ports.js';
import { buildRunStatusBlocks, runStatusText } from './blocks/run-status.js';
import type { BotDeps } from './deps.js';
import type { SlackIo } from './slack-io.js';

/** chat.update is Tier 3: about one update per second per message is polite. */
const MIN_INTERVAL_MS = 1000;

/**
 * Live progress: every run that has a Slack channel gets one status message in its thread, posted when the run
 * starts and updated in place as it advances — at most once a second, always ending on its final state.
 * Returns a function that stops listening.
 */
export function trackProgress(deps: BotDeps, io: SlackIo): { stop(): void; flush(): Promise<void> } {
  const { useCases, logger } = deps;
  const state = new Map<string, { ts?: Promise<string | undefined>; last: number; timer?: NodeJS.Timeout }>();
  const inFlight = new Set<Promise<unknown>>();

  const track = (p: Promise<unknown>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  const statusTs = (run: RunRecord, s: { ts?: Promise<string | undefined> }) => {
    if (run.slackStatusTs) return Promise.resolve(run.slackStatusTs);
    s.ts ??= io
      .post({
        channel: run.slackChannel!,
        threadTs: run.slackThreadTs ?? undefined,
        text: runStatusText(run),
        blocks: buildRunStatusBlocks(run),
      })
      .then(async (ts) => {
        if (ts) await useCases.surface.recordRunStatusMessage({ runId: run.id, ts });
        return ts;
      });
    return s.ts;
  };

  const render = async (id: string) => {
    const run = await useCases.surface.getRun(id);
    const s = state.get(id);
    if (!run?.slackChannel || !s) return;
    s.last = Date.now();
    const first = !run.slackStatusTs && !s.ts;
    const ts = await statusTs(run, s);
    if (!ts || first) return;
    const channel = run.slackChannel;
    // The record is read inside the message's lock, so whichever update is sent last carries the newest record.
    await io.exclusive(`msg:${channel}:${ts}`, async () => {
      const latest = (await useCases.surface.getRun(id)) ?? run;
      await io.update(channel, ts, runStatusText(latest), buildRunStatusBlocks(latest));
    });
  };

  const schedule = (run: RunRecord) => {
    // An agent answer shows its own work (status line, steps, a Details button): no second status message.
    if (!run.slackChannel || run.kind === 'agent') return;
    let s = state.get(run.id);
    if (!s) {
      s = { last: 0 };
      state.set(run.id, s);
    }
    const done = TERMINAL_RUN_STATUSES.includes(run.status) || run.status === 'awaiting_approval';
    if (s.timer) {
      if (!done) return;
      clearTimeout(s.timer);
      s.timer = undefined;
    }
    const wait = Math.max(0, s.last + MIN_INTERVAL_MS - Date.now());
    const fire = () => {
      s.timer = undefined;
      const p = render(run.id).catch((err) => logger.warn({ err, runId: run.id }, 'status message not updated'));
      track(p);
      if (done) void p.finally(() => state.delete(run.id));
    };
    if (wait === 0 && !s.ts) fire();
    else s.timer = setTimeout(fire, done ? Math.min(wait, MIN_INTERVAL_MS) : wait);
  };

  const unsubscribe = useCases.events.onRun(schedule);
  return {
    stop() {
      unsubscribe();
      for (const s of state.values()) if (s.timer) clearTimeout(s.timer);
    },
    async flush() {
      while (inFlight.size > 0 || [...state.values()].some((s) => s.timer)) {
        await Promise.all([...inFlight]);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
