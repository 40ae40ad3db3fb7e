import { afterEach, describe, expect, it } from 'vitest';
import type { Storage } from '../../../src/db/storage.js';
import { openTestStorage } from '../../helpers/db.js';

let storage: Storage | undefined;
afterEach(async () => {
  await storage?.close();
  storage = undefined;
});

const t = (h: number) => new Date(Date.UTC(2026, 11, 7, h));

async function agentRun(id: string) {
  await storage!.repos.runs.create({ id, kind: 'agent', trigger: 'slack', startedAt: t(0) });
}

describe('feedback repo', () => {
  it('keeps one verdict per person and run: a second click replaces the first and drops its reason', async () => {
    storage = await openTestStorage();
    const { feedback } = storage.repos;
    await agentRun('run-1');
    const first = await feedback.record({ runId: 'run-1', userId: 'U1', verdict: 'not_helpful', at: t(1) });
    expect(first).toMatchObject({ runId: 'run-1', userId: 'U1', verdict: 'not_helpful', reason: null });
    expect((await feedback.setReason({ runId: 'run-1', userId: 'U1', reason: 'wrong city', at: t(2) }))?.reason).toBe(
      'wrong city',
    );
    const second = await feedback.record({ runId: 'run-1', userId: 'U1', verdict: 'helpful', at: t(3) });
    expect(second).toMatchObject({ id: first.id, verdict: 'helpful', reason: null, updatedAt: t(3) });
    await feedback.record({ runId: 'run-1', userId: 'U2', verdict: 'not_helpful', at: t(4) });
    expect((await feedback.forRun('run-1')).map((f) => [f.userId, f.verdict])).toEqual([
      ['U1', 'helpful'],
      ['U2', 'not_helpful'],
    ]);
  });

  it('has no reason to add without a verdict, and refuses a verdict on a run that does not exist', async () => {
    storage = await openTestStorage();
    const { feedback } = storage.repos;
    await agentRun('run-1');
    expect(await feedback.setReason({ runId: 'run-1', userId: 'U1', reason: 'meh', at: t(1) })).toBeUndefined();
    await expect(feedback.record({ runId: 'missing', userId: 'U1', verdict: 'helpful', at: t(1) })).rejects.toThrow();
  });

  it('counts verdicts given or changed in a window, and those with a reason', async () => {
    storage = await openTestStorage();
    const { feedback } = storage.repos;
    await agentRun('run-1');
    await agentRun('run-2');
    await feedback.record({ runId: 'run-1', userId: 'U1', verdict: 'helpful', at: t(1) });
    await feedback.record({ runId: 'run-1', userId: 'U2', verdict: 'not_helpful', at: t(2) });
    await feedback.setReason({ runId: 'run-1', userId: 'U2', reason: 'too vague', at: t(3) });
    await feedback.record({ runId: 'run-2', userId: 'U1', verdict: 'not_helpful', at: t(5) });
    expect(await feedback.counts({ since: t(0), until: t(5) })).toEqual({ helpful: 1, notHelpful: 1, withReason: 1 });
    expect(await feedback.counts({ since: t(2), until: t(6) })).toEqual({ helpful: 0, notHelpful: 2, withReason: 1 });
    expect(await feedback.counts({ since: t(6), until: t(7) })).toEqual({ helpful: 0, notHelpful: 0, withReason: 0 });
  });
});
