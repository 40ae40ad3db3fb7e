import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/db/client.js';
import { createRunRepo } from '../../../src/db/repos/run-repo.js';
import { createRunRecorder, summarize } from '../../../src/pipeline/runs/recorder.js';
import { fixedClock, memoryDb } from '../../helpers/db.js';

describe('run recorder', () => {
  let handle: DbHandle;
  beforeEach(() => {
    handle = memoryDb();
  });
  afterEach(() => handle.close());

  const setup = () => {
    const clock = fixedClock();
    const runs = createRunRepo(handle.db);
    let n = 0;
    const recorder = createRunRecorder({ runs, now: clock, newId: () => `run_${++n}` });
    return { clock, runs, recorder };
  };

  it('records a run from start to completion with counters and stage', async () => {
    const { clock, runs, recorder } = setup();
    const run = recorder.start({ kind: 'search', trigger: 'cli', requestedBy: 'ana', input: { count: 10 } });
    expect(runs.get(run.id)).toMatchObject({
      status: 'running',
      kind: 'search',
      requestedBy: 'ana',
      input: { count: 10 },
    });
    run.stage('scout');
    run.count({ companiesFound: 4 });
    run.count({ companiesFound: 6, companiesScored: 3 });
    clock.advance(5000);
    run.complete('10 found');
    const done = runs.get(run.id)!;
    expect(done).toMatchObject({
      status: 'completed',
      summary: '10 found',
      counters: { companiesFound: 10, companiesScored: 3 },
      currentStage: null,
    });
    expect(done.finishedAt?.toISOString()).toBe('2026-11-25T09:00:05.000Z');
  });

  it('logs each step with duration and outcome, and keeps failures', async () => {
    const { runs, recorder } = setup();
    const run = recorder.start({ kind: 'enrich', trigger: 'test' });
    const value = await run.step('hunter.domain_search', async () => ({ emails: 2 }), {
      kind: 'provider',
      input: { domain: 'acme.example' },
    });
    expect(value).toEqual({ emails: 2 });
    await expect(
      run.step('apollo.people_search', async () => {
        throw new Error('403 plan has no API access');
      }),
    ).rejects.toThrow('403');
    await run.step('llm.reason', async () => ({ text: 'ok', usage: { in: 120, out: 30 } }), {
      kind: 'llm',
      tokens: (r) => r.usage,
      summarize: (r) => r.text,
    });
    const logs = runs.logs(run.id);
    expect(logs.map((l) => [l.name, l.status])).toEqual([
      ['hunter.domain_search', 'ok'],
      ['apollo.people_search', 'error'],
      ['llm.reason', 'ok'],
    ]);
    expect(logs[0]).toMatchObject({ kind: 'provider', inputSummary: '{"domain":"acme.example"}' });
    expect(logs[1]!.error).toBe('403 plan has no API access');
    expect(logs[2]).toMatchObject({ tokensIn: 120, tokensOut: 30, outputSummary: 'ok' });
  });

  it('fails a run with its reason, and resumes it later', () => {
    const { runs, recorder } = setup();
    const run = recorder.start({ kind: 'write', trigger: 'test' });
    run.checkpoint({ done: [1, 2] });
    run.fail(new Error('LLM timed out'));
    expect(runs.get(run.id)).toMatchObject({ status: 'failed', error: 'LLM timed out' });
    const again = recorder.resume(run.id);
    expect(runs.get(again.id)).toMatchObject({
      status: 'running',
      error: null,
      attempts: 1,
      checkpoint: { done: [1, 2] },
    });
    again.complete();
    expect(() => recorder.resume(run.id)).toThrow(/completed/);
  });

  it('notifies listeners, and a failing listener never breaks the run', () => {
    const { recorder } = setup();
    const seen: string[] = [];
    recorder.subscribe(() => {
      throw new Error('slack is down');
    });
    recorder.subscribe((r) => seen.push(`${r.status}:${r.currentStage ?? '-'}`));
    const run = recorder.start({ kind: 'search', trigger: 'test' });
    run.stage('scout');
    run.awaitApproval('10 leads waiting');
    expect(seen).toEqual(['running:-', 'running:scout', 'awaiting_approval:scout']);
  });

  it('lists recent runs, newest first, filtered by status', () => {
    const { clock, runs, recorder } = setup();
    const a = recorder.start({ kind: 'search', trigger: 'test' });
    clock.advance(1000);
    const b = recorder.start({ kind: 'enrich', trigger: 'test' });
    a.complete();
    expect(runs.list({ limit: 10 }).map((r) => r.id)).toEqual([b.id, a.id]);
    expect(runs.list({ limit: 10, status: ['running'] }).map((r) => r.id)).toEqual([b.id]);
  });

  it('summaries are one line and bounded', () => {
    expect(summarize('a\n b  c')).toBe('a b c');
    expect(summarize('x'.repeat(600))).toHaveLength(500);
  });
});
