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
    const run = await recorder.start({ kind: 'search', trigger: 'cli', requestedBy: 'ana', input: { count: 10 } });
    expect(await runs.get(run.id)).toMatchObject({
      status: 'running',
      kind: 'search',
      requestedBy: 'ana',
      input: { count: 10 },
    });
    await run.stage('scout');
    await run.count({ companiesFound: 4 });
    await run.count({ companiesFound: 6, companiesScored: 3 });
    clock.advance(5000);
    await run.complete('10 found');
    const done = (await runs.get(run.id))!;
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
    const run = await recorder.start({ kind: 'enrich', trigger: 'test' });
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
    const logs = await runs.logs(run.id);
    expect(logs.map((l) => [l.name, l.status])).toEqual([
      ['hunter.domain_search', 'ok'],
      ['apollo.people_search', 'error'],
      ['llm.reason', 'ok'],
    ]);
    expect(logs[0]).toMatchObject({ kind: 'provider', inputSummary: '{"domain":"acme.example"}' });
    expect(logs[1]!.error).toBe('403 plan has no API access');
    expect(logs[2]).toMatchObject({ tokensIn: 120, tokensOut: 30, outputSummary: 'ok' });
  });

  it('fails a run with its reason, and resumes it later', async () => {
    const { runs, recorder } = setup();
    const run = await recorder.start({ kind: 'write', trigger: 'test' });
    await run.checkpoint({ done: [1, 2] });
    await run.fail(new Error('LLM timed out'));
    expect(await runs.get(run.id)).toMatchObject({ status: 'failed', error: 'LLM timed out' });
    const again = await recorder.resume(run.id);
    expect(await runs.get(again.id)).toMatchObject({
      status: 'running',
      error: null,
      attempts: 1,
      checkpoint: { done: [1, 2] },
    });
    await again.complete();
    await expect(recorder.resume(run.id)).rejects.toThrow(/completed/);
  });

  it('notifies listeners, and a failing listener never breaks the run', async () => {
    const { recorder } = setup();
    const seen: string[] = [];
    recorder.subscribe(() => {
      throw new Error('slack is down');
    });
    recorder.subscribe((r) => seen.push(`${r.status}:${r.currentStage ?? '-'}`));
    const run = await recorder.start({ kind: 'search', trigger: 'test' });
    await run.stage('scout');
    await run.awaitApproval('10 leads waiting');
    expect(seen).toEqual(['running:-', 'running:scout', 'awaiting_approval:scout']);
  });

  it('lists recent runs, newest first, filtered by status', async () => {
    const { clock, runs, recorder } = setup();
    const a = await recorder.start({ kind: 'search', trigger: 'test' });
    clock.advance(1000);
    const b = await recorder.start({ kind: 'enrich', trigger: 'test' });
    await a.complete();
    expect((await runs.list({ limit: 10 })).map((r) => r.id)).toEqual([b.id, a.id]);
    expect((await runs.list({ limit: 10, status: ['running'] })).map((r) => r.id)).toEqual([b.id]);
  });

  it('summaries are one line and bounded', () => {
    expect(summarize('a\n b  c')).toBe('a b c');
    expect(summarize('x'.repeat(600))).toHaveLength(500);
  });
});
