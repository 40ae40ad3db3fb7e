import { describe, expect, it } from 'vitest';
import { mapAsync } from '../../../src/pipeline/async.js';
import { decideLesson } from '../../../src/pipeline/lessons/decide.js';
import { readProviderCooldowns } from '../../../src/pipeline/lessons/effects.js';
import { attachLessonMessage, viewLesson } from '../../../src/pipeline/lessons/propose.js';
import { runLessonScan } from '../../../src/pipeline/lessons/scan.js';
import { daysAgo, seedLog, seedRun, setup } from './helpers.js';

const input = { trigger: 'test' as const, requestedBy: 'tester' };

/** An enrichment run in which Hunter was skipped for a spent quota, as the guard and the waterfall record it. */
async function hunterQuotaRun(env: ReturnType<typeof setup>, days: number): Promise<string> {
  const at = daysAgo(days);
  const runId = seedRun(env.handle, 'enrich', at);
  await env.providerState.setSkip({
    provider: 'hunter',
    scope: runId,
    reason: '429 quota exhausted',
    httpStatus: 429,
    at,
  });
  seedLog(env.handle, { runId, name: 'hunter', status: 'skipped', error: '429 quota exhausted', at });
  return runId;
}

describe('runLessonScan', () => {
  it('turns a provider that keeps failing into one proposed lesson, tracked as a lessons run', async () => {
    const env = setup();
    const runIds = await mapAsync([12, 6, 1], (d) => hunterQuotaRun(env, d));
    const result = await runLessonScan(input, env.deps);
    expect(result).toMatchObject({ detected: 1, created: 1, updated: 0, reopened: 0, finished: 0 });
    const [proposal] = result.proposals;
    expect(proposal).toMatchObject({
      directive: 'enrichment',
      kind: 'provider_failing',
      status: 'proposed',
      summary: 'Hunter: 429 quota exhausted in 3 enrichment runs since 2026-11-13',
      amendment:
        'Skip Hunter for 7 days: its quota ran out (quota exhausted) in 3 enrichment runs since 2026-11-13; rely on the providers after it until the quota resets.',
      amendmentSource: 'rules',
      effect: 'Hunter is left out of enrichment runs for 7 days (provider-cooldowns in directives/enrichment.md)',
      decision: null,
    });
    expect(proposal!.evidence).toMatchObject({ count: 3, unit: 'runs', runIds: [...runIds].reverse() });
    const approval = (await env.deps.approvals.get('lesson', String(proposal!.lessonId)))!;
    expect(approval).toMatchObject({ id: proposal!.approvalId, status: 'pending', runId: result.runId });
    expect(String(approval.payload.summary)).toMatch(/^Add to directives\/enrichment\.md: “Skip Hunter for 7 days/);

    const run = (await env.runs.get(result.runId))!;
    expect(run).toMatchObject({ kind: 'lessons', status: 'completed', requestedBy: 'tester' });
    expect(run.counters).toMatchObject({ detected: 1, created: 1, proposed: 1 });
    expect(run.summary).toMatch(/^1 pattern \(1 new, 0 re-opened, 0 known\); 1 amendment proposed for approval/);
    expect((await env.runs.logs(result.runId)).map((l) => l.name)).toEqual(['lessons.read_signals', 'lessons.propose']);

    // The bot records where it posted the card, on the lesson and on its approval request.
    await attachLessonMessage(proposal!.lessonId, { channel: 'C0OPS', ts: '1732525200.000100' }, env.deps);
    expect((await viewLesson(proposal!.lessonId, env.deps))!.slack).toEqual({
      channel: 'C0OPS',
      ts: '1732525200.000100',
    });
    expect((await env.deps.approvals.get('lesson', String(proposal!.lessonId)))!.slackTs).toBe('1732525200.000100');

    // The same pattern again: evidence refreshed, no second lesson, nothing new to propose.
    await hunterQuotaRun(env, 0);
    const again = await runLessonScan(input, env.deps);
    expect(again).toMatchObject({ detected: 1, created: 0, updated: 1, proposals: [] });
    expect(await env.deps.lessons.list()).toHaveLength(1);
    expect((await env.deps.lessons.get(proposal!.lessonId))!.evidence.count).toBe(4);
  });

  it('Apply takes effect on the next read; the lesson re-opens only when its evidence doubles', async () => {
    const env = setup();
    for (const d of [20, 15, 10]) await hunterQuotaRun(env, d);
    const [proposal] = (await runLessonScan(input, env.deps)).proposals;
    const actor = { id: 'cli:ana', name: 'ana', source: 'cli' as const };
    await decideLesson(
      { lessonId: proposal!.lessonId, decision: 'apply', actor },
      { ...env.deps, approverUserIds: [] },
    );
    expect(readProviderCooldowns(env.deps.directives, { now: env.clock() }).map((c) => c.provider)).toEqual(['hunter']);

    for (const d of [5, 4]) await hunterQuotaRun(env, d);
    const grown = await runLessonScan(input, env.deps);
    expect(grown).toMatchObject({ updated: 1, reopened: 0, proposals: [] });
    expect((await env.deps.lessons.get(proposal!.lessonId))!.status).toBe('applied');

    await hunterQuotaRun(env, 3);
    const reopened = await runLessonScan(input, env.deps);
    expect(reopened).toMatchObject({ reopened: 1 });
    expect(reopened.proposals.map((p) => [p.lessonId, p.status, p.evidence.count])).toEqual([
      [proposal!.lessonId, 'proposed', 6],
    ]);
    // A new approval request for the second proposal; the first decision stays on record.
    expect((await env.deps.approvals.get('lesson', `${proposal!.lessonId}.2`))!.status).toBe('pending');
    expect((await env.deps.approvals.get('lesson', String(proposal!.lessonId)))!.status).toBe('approved');
    expect((await env.deps.lessons.get(proposal!.lessonId))!.evidence.history).toEqual([
      expect.objectContaining({ status: 'applied', by: 'cli:ana', count: 3 }),
    ]);
  });

  it('never proposes a dismissed fingerprint again while its evidence has not doubled', async () => {
    const env = setup();
    for (const d of [20, 15, 10]) await hunterQuotaRun(env, d);
    const [proposal] = (await runLessonScan(input, env.deps)).proposals;
    const actor = { id: 'U0BOB', source: 'slack' as const };
    await decideLesson(
      { lessonId: proposal!.lessonId, decision: 'dismiss', actor },
      { ...env.deps, approverUserIds: [] },
    );
    for (const d of [5, 4]) await hunterQuotaRun(env, d);
    expect((await runLessonScan(input, env.deps)).proposals).toEqual([]);
    expect(await env.deps.lessons.get(proposal!.lessonId)).toMatchObject({ status: 'dismissed', decidedBy: 'U0BOB' });
    expect(env.deps.directives.get('enrichment').lessons).toEqual([]);
  });

  it('completes a decision made with a generic approval button', async () => {
    const env = setup();
    for (const d of [20, 15, 10]) await hunterQuotaRun(env, d);
    const [proposal] = (await runLessonScan(input, env.deps)).proposals;
    await env.deps.approvals.decide({
      kind: 'lesson',
      subjectId: String(proposal!.lessonId),
      decision: 'approved',
      actor: { id: 'U0ANA', source: 'slack' },
      at: env.clock(),
    });
    const result = await runLessonScan(input, env.deps);
    expect(result.finished).toBe(1);
    expect(await env.deps.lessons.get(proposal!.lessonId)).toMatchObject({ status: 'applied', decidedBy: 'U0ANA' });
    expect(env.deps.directives.get('enrichment').lessons).toHaveLength(1);
    expect(readProviderCooldowns(env.deps.directives, { now: env.clock() })).toHaveLength(1);
  });

  it('finds rate limits that only the run log saw, and ignores errors that are not refusals', async () => {
    const env = setup();
    for (const d of [9, 6, 3]) {
      const runId = seedRun(env.handle, 'search', daysAgo(d));
      seedLog(env.handle, {
        runId,
        name: 'scout.serper',
        status: 'error',
        error: 'serper: 429 too many requests',
        at: daysAgo(d),
      });
      seedLog(env.handle, {
        runId,
        name: 'scout.osm',
        status: 'error',
        error: 'osm did not answer within 10000 ms',
        at: daysAgo(d),
      });
    }
    const result = await runLessonScan(input, env.deps);
    expect(result.proposals.map((p) => p.amendment)).toEqual([
      'Serper answered 429 too many requests in 3 scout runs since 2026-11-16; lower SERPER_RATE_LIMIT so leadbot stays under its limit.',
    ]);
    expect(result.proposals[0]!.effect).toBeNull();
  });

  it('marks the run failed with a clear message when directives/lessons.md is broken', async () => {
    const env = setup();
    const { writeFileSync, readFileSync } = await import('node:fs');
    const path = `${env.deps.directives.dir}/lessons.md`;
    writeFileSync(path, readFileSync(path, 'utf8').replace('minRuns: 3', 'minRuns: three'));
    await expect(runLessonScan(input, env.deps)).rejects.toThrow(
      /directives\/lessons\.md block "lesson-thresholds" is invalid: providerFailures\.minRuns/,
    );
    const [run] = await env.runs.list({ limit: 1, kind: 'lessons' });
    expect(run).toMatchObject({ status: 'failed' });
    expect(run!.error).toMatch(/minRuns/);
  });
});
