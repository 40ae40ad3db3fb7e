import { describe, expect, it } from 'vitest';
import { createStatusLine, runStatus } from '../../src/bot/status-line.js';
import { createLogger } from '../../src/logger.js';
import type { RunRecord } from '../../src/pipeline/runs/ports.js';

const run = (patch: Partial<RunRecord>): RunRecord => ({
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
  slackChannel: 'D1',
  slackThreadTs: '1.1',
  slackStatusTs: null,
  startedAt: new Date(),
  updatedAt: new Date(),
  finishedAt: null,
  ...patch,
});

describe('the status line', () => {
  it('says what a run is doing', () => {
    expect(runStatus(run({ counters: { companiesFound: 4 } }))).toBe('Finding companies (4 of 10)');
    expect(runStatus(run({ currentStage: 'analyst', counters: { companiesFound: 10, companiesScored: 7 } }))).toBe(
      'Scoring 7 of 10',
    );
    expect(
      runStatus(
        run({ kind: 'enrich', input: { companyIds: [1, 2, 3, 4, 5] }, counters: { with_contact: 2, no_contact: 1 } }),
      ),
    ).toBe('Finding contacts 3 of 5');
    expect(runStatus(run({ kind: 'write', input: { companyIds: [1, 2] }, counters: { draftsCreated: 1 } }))).toBe(
      'Writing drafts 1 of 2',
    );
  });

  it('starts thinking, follows its run at most once a second, and is cleared at the end', async () => {
    const calls: Record<string, unknown>[] = [];
    const listeners = new Set<(r: RunRecord) => void>();
    const client = { assistant: { threads: { setStatus: async (args: Record<string, unknown>) => calls.push(args) } } };
    const line = createStatusLine(
      {
        client: client as never,
        useCases: {
          events: {
            on: () => () => {},
            onRun: (l) => {
              listeners.add(l);
              return () => listeners.delete(l);
            },
          },
        },
        logger: createLogger({ level: 'silent' }),
      },
      { channel: 'D1', threadTs: '1.1' },
    );
    line.start();
    line.follow('run_1');
    const emit = (r: RunRecord) => {
      for (const l of listeners) l(r);
    };
    emit(run({ currentStage: 'analyst', counters: { companiesFound: 10, companiesScored: 3 } }));
    emit(run({ currentStage: 'analyst', counters: { companiesFound: 10, companiesScored: 7 } }));
    emit(run({ id: 'run_other', currentStage: 'analyst', counters: { companiesScored: 1 } }));
    for (let i = 0; i < 100 && calls.length < 2; i++) await new Promise((r) => setTimeout(r, 25));
    await line.stop();
    expect(calls.map((c) => c.status)).toEqual(['Thinking…', 'Scoring 7 of 10…', '']);
    expect(calls[1]).toMatchObject({ channel_id: 'D1', thread_ts: '1.1', loading_messages: ['Scoring 7 of 10…'] });
    expect(listeners.size).toBe(0);
  });
});
