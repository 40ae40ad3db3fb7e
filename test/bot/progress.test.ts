import { describe, expect, it } from 'vitest';
import { runStatusText } from '../../src/bot/blocks/run-status.js';
import type { BotDeps } from '../../src/bot/deps.js';
import { trackProgress } from '../../src/bot/progress.js';
import type { SlackIo } from '../../src/bot/slack-io.js';
import { createLogger } from '../../src/logger.js';
import type { RunRecord } from '../../src/pipeline/runs/ports.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function searchRun(patch: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 'run_1',
    kind: 'search',
    trigger: 'slack',
    requestedBy: 'U1',
    status: 'running',
    currentStage: 'scout',
    counters: {},
    input: { count: 10 },
    checkpoint: {},
    summary: null,
    error: null,
    attempts: 0,
    parentRunId: null,
    slackChannel: 'C1',
    slackThreadTs: '1.1',
    slackStatusTs: null,
    startedAt: new Date(0),
    updatedAt: new Date(0),
    finishedAt: null,
    ...patch,
  };
}

/**
 * A run store whose reads answer with the record as it was when the read started, slowly while the run works (a
 * busy database) and at once after it ended: an early read can finish after a later one.
 */
function world() {
  let record = searchRun();
  const listeners = new Set<(run: RunRecord) => void>();
  const sent: { kind: 'post' | 'update'; text: string }[] = [];
  const useCases = {
    surface: {
      async getRun() {
        const snapshot = structuredClone(record);
        await sleep(snapshot.status === 'running' ? 1500 : 5);
        return snapshot;
      },
      async recordRunStatusMessage({ ts }: { ts: string }) {
        record = { ...record, slackStatusTs: ts };
      },
    },
    events: {
      onRun(listener: (run: RunRecord) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  };
  const chains = new Map<string, Promise<unknown>>();
  const io = {
    async post(m: { text: string }) {
      sent.push({ kind: 'post', text: m.text });
      return '2.2';
    },
    async update(_channel: string, _ts: string, text: string) {
      sent.push({ kind: 'update', text });
    },
    exclusive<T>(key: string, fn: () => Promise<T>) {
      const next = (chains.get(key) ?? Promise.resolve()).then(fn, fn);
      chains.set(
        key,
        next.catch(() => undefined),
      );
      return next;
    },
  } as unknown as SlackIo;
  const deps = { useCases, logger: createLogger({ level: 'silent' }) } as unknown as BotDeps;
  return {
    sent,
    progress: trackProgress(deps, io),
    emit(patch: Partial<RunRecord>) {
      record = { ...record, ...patch };
      for (const l of listeners) l(structuredClone(record));
    },
    final: () => record,
  };
}

describe('live progress: the status message', () => {
  it('ends on the run’s final record even when an earlier read of the run answers last', async () => {
    const w = world();
    w.emit({});
    await sleep(100);
    w.emit({ counters: { companiesFound: 4 } });
    await sleep(1600);
    w.emit({ currentStage: 'analyst', counters: { companiesFound: 10, companiesScored: 3 } });
    w.emit({
      status: 'awaiting_approval',
      counters: { companiesFound: 10, companiesScored: 10 },
      summary: '10 of 10 healthcare companies in Buffalo, NY found',
    });
    await w.progress.flush();
    await sleep(1600);
    await w.progress.flush();
    w.progress.stop();
    const last = w.sent.at(-1)!;
    expect(last.text).toBe(runStatusText(w.final()));
    expect(last.text).toBe(
      'Finding companies: waiting for your decision — 10 of 10 healthcare companies in Buffalo, NY found',
    );
    expect(w.sent.filter((m) => m.kind === 'post')).toHaveLength(1);
  }, 15_000);
});
