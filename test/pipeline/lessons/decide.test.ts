import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isHumanApproval } from '../../../src/pipeline/approvals/ports.js';
import { decideLesson } from '../../../src/pipeline/lessons/decide.js';
import type { DetectedLesson } from '../../../src/pipeline/lessons/ports.js';
import { approvalPayload } from '../../../src/pipeline/lessons/proposal.js';
import { providerLesson, setup } from './helpers.js';

const ANA = { id: 'U0ANA', name: 'Ana', source: 'slack' as const };
const BOB = { id: 'U0BOB', name: 'Bob', source: 'slack' as const };

/** A lesson as the scan leaves it: proposed, with an amendment and a pending approval request. */
async function proposed(env: ReturnType<typeof setup>, detected: DetectedLesson = providerLesson()) {
  const { deps, clock } = env;
  const inserted = await deps.lessons.insert(detected, clock());
  const lesson = await deps.lessons.update(
    inserted.id,
    {
      status: 'proposed',
      amendment: 'Skip Hunter for 7 days: its quota ran out in 4 enrichment runs.',
      rationale: 'Each run was refused for quota.',
      amendmentSource: 'rules',
    },
    clock(),
  );
  await deps.approvals.request({
    kind: 'lesson',
    subjectId: String(lesson.id),
    payload: approvalPayload(lesson),
    at: clock(),
  });
  return lesson;
}

const fileOf = (env: ReturnType<typeof setup>, name: string) =>
  readFileSync(join(env.deps.directives.dir, `${name}.md`), 'utf8');

describe('decideLesson', () => {
  it('Apply appends the amendment under Lessons learned, records who and when; the next read sees it', async () => {
    const env = setup();
    const lesson = await proposed(env, {
      ...providerLesson(),
      evidence: { ...providerLesson().evidence, variant: 'rate_limit' },
    });
    const deps = { ...env.deps, approverUserIds: ['U0ANA'] };
    const before = env.deps.directives.get('enrichment').lessons;
    expect(before).toEqual([]);

    env.clock.advance(60_000);
    const result = await decideLesson({ lessonId: lesson.id, decision: 'apply', actor: ANA }, deps);
    expect(result.outcome).toBe('applied');
    expect(result.message).toBe(
      `Applied lesson #${lesson.id} to directives/enrichment.md: “Skip Hunter for 7 days: its quota ran out in 4 enrichment runs.”.`,
    );
    const text = fileOf(env, 'enrichment');
    expect(text).toMatch(
      new RegExp(
        `## Lessons learned\\n\\n- Skip Hunter for 7 days: its quota ran out in 4 enrichment runs\\. \\(lesson #${lesson.id}\\)\\n$`,
      ),
    );
    expect(text).not.toMatch(/none yet/);
    expect(env.deps.directives.get('enrichment').lessons).toEqual([
      `Skip Hunter for 7 days: its quota ran out in 4 enrichment runs. (lesson #${lesson.id})`,
    ]);
    expect(result.lesson).toMatchObject({ status: 'applied', decidedBy: 'U0ANA', decidedAt: env.clock() });
    const approval = (await env.deps.approvals.get('lesson', String(lesson.id)))!;
    expect(approval).toMatchObject({
      status: 'approved',
      decidedBy: 'U0ANA',
      decidedByName: 'Ana',
      decisionSource: 'slack',
    });
    expect(isHumanApproval(approval)).toBe(true);
    expect(result.lesson.evidence.baseline).toBe(4);

    env.clock.advance(60_000);
    const again = await decideLesson({ lessonId: lesson.id, decision: 'apply', actor: ANA }, deps);
    expect(again.outcome).toBe('already_decided');
    expect(again.message).toBe(
      `Lesson #${lesson.id} was already applied by U0ANA on 2026-11-25 09:01 UTC; nothing changed.`,
    );
    expect(fileOf(env, 'enrichment')).toBe(text);
  });

  it('refuses a non-approver without recording anything or touching the file', async () => {
    const env = setup();
    const lesson = await proposed(env);
    const before = fileOf(env, 'enrichment');
    const result = await decideLesson(
      { lessonId: lesson.id, decision: 'apply', actor: BOB },
      { ...env.deps, approverUserIds: ['U0ANA'] },
    );
    expect(result.outcome).toBe('refused');
    expect(result.message).toMatch(/Only approvers can apply or dismiss lessons/);
    expect(fileOf(env, 'enrichment')).toBe(before);
    expect((await env.deps.approvals.get('lesson', String(lesson.id)))!.status).toBe('pending');
    expect((await env.deps.lessons.get(lesson.id))!.status).toBe('proposed');
  });

  it('Dismiss records the decision and leaves the directive alone; a later Apply says who dismissed it', async () => {
    const env = setup();
    const lesson = await proposed(env);
    const before = fileOf(env, 'enrichment');
    const deps = { ...env.deps, approverUserIds: [] };
    const result = await decideLesson(
      { lessonId: lesson.id, decision: 'dismiss', actor: BOB, reason: 'key renewed' },
      deps,
    );
    expect(result.outcome).toBe('dismissed');
    expect(result.lesson).toMatchObject({ status: 'dismissed', decidedBy: 'U0BOB' });
    expect(result.lesson.evidence.history).toEqual([
      { status: 'dismissed', by: 'U0BOB', at: '2026-11-25T09:00:00.000Z', count: 4 },
    ]);
    expect(await env.deps.approvals.get('lesson', String(lesson.id))).toMatchObject({
      status: 'rejected',
      reason: 'key renewed',
    });
    const apply = await decideLesson({ lessonId: lesson.id, decision: 'apply', actor: ANA }, deps);
    expect(apply.outcome).toBe('already_decided');
    expect(apply.message).toMatch(/was already dismissed by U0BOB/);
    expect(fileOf(env, 'enrichment')).toBe(before);
  });

  it('finishes a decision recorded elsewhere (a generic approval button) exactly once', async () => {
    const env = setup();
    const lesson = await proposed(env, {
      ...providerLesson(),
      evidence: { ...providerLesson().evidence, variant: 'rate_limit' },
    });
    await env.deps.approvals.decide({
      kind: 'lesson',
      subjectId: String(lesson.id),
      decision: 'approved',
      actor: ANA,
      at: env.clock(),
    });
    const deps = { ...env.deps, approverUserIds: [] };
    const click = await decideLesson({ lessonId: lesson.id, decision: 'apply', actor: BOB }, deps);
    expect(click.outcome).toBe('already_decided');
    expect(click.message).toMatch(/already applied by U0ANA/);
    expect(env.deps.directives.get('enrichment').lessons).toHaveLength(1);
    expect((await decideLesson({ lessonId: lesson.id, decision: 'apply', actor: BOB }, deps)).outcome).toBe(
      'already_decided',
    );
    expect(env.deps.directives.get('enrichment').lessons).toHaveLength(1);
  });

  it('says what is wrong for an unknown lesson or one with nothing to apply yet', async () => {
    const env = setup();
    const deps = { ...env.deps, approverUserIds: [] };
    await expect(decideLesson({ lessonId: 99, decision: 'apply', actor: ANA }, deps)).rejects.toThrow(
      /No lesson with id 99; list them with: leadbot lessons/,
    );
    const open = await env.deps.lessons.insert(providerLesson(), env.clock());
    await expect(decideLesson({ lessonId: open.id, decision: 'apply', actor: ANA }, deps)).rejects.toThrow(
      /has no amendment yet; run: leadbot lessons scan/,
    );
  });
});
