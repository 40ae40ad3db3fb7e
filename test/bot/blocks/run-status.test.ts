import { describe, expect, it } from 'vitest';
import { buildRunStatusBlocks, runStatusText } from '../../../src/bot/blocks/run-status.js';
import type { RunRecord } from '../../../src/pipeline/runs/ports.js';

const run = (patch: Partial<RunRecord>): RunRecord => ({
  id: 'run_1',
  kind: 'search',
  trigger: 'slack',
  requestedBy: 'U1',
  status: 'running',
  currentStage: 'scout',
  counters: {},
  input: { count: 5 },
  checkpoint: {},
  summary: null,
  error: null,
  attempts: 0,
  parentRunId: null,
  slackChannel: 'C1',
  slackThreadTs: '1.1',
  slackStatusTs: '2.2',
  startedAt: new Date(0),
  updatedAt: new Date(0),
  finishedAt: null,
  ...patch,
});

const shown = (r: RunRecord) => `${runStatusText(r)}\n${JSON.stringify(buildRunStatusBlocks(r))}`;

describe('run status message', () => {
  it('shows progress while the run works', () => {
    const working = run({ currentStage: 'analyst', counters: { companiesFound: 5 } });
    expect(runStatusText(working)).toBe('Finding companies — Scout 5/5 · Analyst 0/5');
    expect(JSON.stringify(buildRunStatusBlocks(working))).toContain(':hourglass_flowing_sand: *Finding companies* —');
  });

  it('ends on how the run ended, never on a stage it passed through', () => {
    // A search that found only companies already waiting at Gate 1: nothing was scored, the Analyst was only visited.
    const reused = run({
      status: 'awaiting_approval',
      currentStage: 'analyst',
      summary: '5 of 5 healthcare companies in Buffalo, NY found (5 already waiting for approval)',
    });
    expect(runStatusText(reused)).toBe(
      'Finding companies: waiting for your decision — 5 of 5 healthcare companies in Buffalo, NY found (5 already waiting for approval)',
    );
    expect(shown(reused)).not.toMatch(/Analyst|Scout|hourglass/);
    expect(shown(reused)).toContain(':raised_hand: *Finding companies: waiting for your decision*');

    const found = run({
      status: 'awaiting_approval',
      currentStage: 'analyst',
      counters: { companiesFound: 5, companiesScored: 5 },
      summary: '5 of 5 healthcare companies in Buffalo, NY found',
    });
    expect(shown(found)).toContain('Scout 5/5 · Analyst 5/5 · run `run_1`');
  });

  it('says a run failed, with the error and Retry, or that it is done', () => {
    const failed = run({ kind: 'enrich', status: 'failed', error: 'hunter: 500', input: { companyIds: [1, 2] } });
    expect(runStatusText(failed)).toBe('Finding contacts: failed — Enrichment 0/2');
    expect(shown(failed)).toContain(':warning: hunter: 500');
    expect(shown(failed)).toContain('run_retry');
    const done = run({ kind: 'track', status: 'completed', currentStage: null, summary: 'No replies' });
    expect(runStatusText(done)).toBe('Tracking replies: done — No replies');
  });
});
