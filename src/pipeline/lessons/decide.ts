import { AppError } from '../../errors.js';
import { canApprove } from '../approvals/decide-lead.js';
import type { Actor, ApprovalRecord, ApprovalRepo, Transaction } from '../approvals/ports.js';
import { isHumanApproval } from '../approvals/ports.js';
import type { DirectiveStore } from '../directives/store.js';
import { providerLabel } from '../guard/provider-guard.js';
import { addCooldownToMarkdown, COOLDOWN_BLOCK, type ProviderCooldown, writeDirectiveFile } from './effects.js';
import type { LessonRecord, LessonRepo } from './ports.js';
import { approvalPayload, approvalSubject, cooldownOf } from './proposal.js';

export interface DecideLessonDeps {
  lessons: LessonRepo;
  approvals: ApprovalRepo;
  directives: DirectiveStore;
  tx: Transaction;
  now: () => Date;
  /** Slack user ids allowed to decide (empty: anyone). The CLI passes [] — an operator at the terminal approves. */
  approverUserIds: readonly string[];
}

export type LessonDecision = 'apply' | 'dismiss';

export interface AppliedEffects {
  directive: string;
  /** The bullet as written under "Lessons learned". */
  bullet: string;
  bulletAdded: boolean;
  cooldown: ProviderCooldown | null;
}

export interface DecideLessonResult {
  outcome: 'applied' | 'dismissed' | 'already_decided' | 'refused';
  lesson: LessonRecord;
  approval: ApprovalRecord | null;
  effects: AppliedEffects | null;
  /** One line for Slack or the terminal. */
  message: string;
}

/**
 * A human's Apply or Dismiss on a proposed lesson. Only approvers may decide; the decision is recorded in
 * approval_requests first (a second click is a no-op naming who decided), then Apply appends the amendment under the
 * directive's "Lessons learned" (and, for provider auth/quota lessons, a provider-cooldowns entry).
 * @throws AppError('not_found') for an unknown lesson; ('conflict') to apply a lesson with no amendment yet.
 */
export async function decideLesson(
  input: { lessonId: number; decision: LessonDecision; actor: Actor; reason?: string },
  deps: DecideLessonDeps,
): Promise<DecideLessonResult> {
  const lesson = await deps.lessons.get(input.lessonId);
  if (!lesson) throw new AppError('not_found', `No lesson with id ${input.lessonId}; list them with: leadbot lessons`);
  if (!canApprove(input.actor.id, deps.approverUserIds)) {
    const message = `Only approvers can apply or dismiss lessons; lesson #${lesson.id} is unchanged.`;
    return { outcome: 'refused', lesson, approval: null, effects: null, message };
  }
  if (lesson.status === 'applied' || lesson.status === 'dismissed') {
    const approval = (await deps.approvals.get('lesson', approvalSubject(lesson))) ?? null;
    return { outcome: 'already_decided', lesson, approval, effects: null, message: alreadyDecided(lesson) };
  }
  if (input.decision === 'apply' && !lesson.amendment)
    throw new AppError('conflict', `Lesson #${lesson.id} has no amendment yet; run: leadbot lessons scan`);
  const at = deps.now();
  const decided = await deps.tx(async () => {
    await deps.approvals.request({
      kind: 'lesson',
      subjectId: approvalSubject(lesson),
      payload: approvalPayload(lesson),
      requestedBy: 'lessons',
      at,
    });
    return deps.approvals.decide({
      kind: 'lesson',
      subjectId: approvalSubject(lesson),
      decision: input.decision === 'apply' ? 'approved' : 'rejected',
      actor: input.actor,
      reason: input.reason,
      at,
    });
  });
  const finished = await finishDecision(lesson, decided.record, deps);
  if (decided.applied) return finished;
  return { ...finished, outcome: 'already_decided', message: alreadyDecided(finished.lesson) };
}

/**
 * Brings a lesson in line with its recorded decision: writes the amendment for an approval (once: a bullet already
 * there is not written again) and marks the lesson applied, or marks it dismissed. Used after a click, and by the
 * scan for decisions recorded elsewhere (a generic approval button, or a crash between decision and file write).
 */
export async function finishDecision(
  lesson: LessonRecord,
  approval: ApprovalRecord,
  deps: Pick<DecideLessonDeps, 'lessons' | 'directives' | 'now'>,
): Promise<DecideLessonResult> {
  const settled = lesson.status === 'applied' || lesson.status === 'dismissed';
  if (approval.status === 'pending' || approval.status === 'cancelled' || settled)
    return { outcome: 'already_decided', lesson, approval, effects: null, message: alreadyDecided(lesson) };
  const by = approval.decidedBy;
  const at = approval.decidedAt ?? deps.now();
  const history = [
    ...(lesson.evidence.history ?? []),
    {
      status: approval.status === 'approved' ? ('applied' as const) : ('dismissed' as const),
      by,
      at: at.toISOString(),
      count: lesson.evidence.count,
    },
  ];
  const evidence = { ...lesson.evidence, baseline: lesson.evidence.count };
  if (approval.status === 'rejected') {
    const updated = await deps.lessons.update(
      lesson.id,
      { status: 'dismissed', decidedBy: by, decidedAt: at, evidence: { ...evidence, history } },
      deps.now(),
    );
    const message = `Dismissed lesson #${lesson.id}; it will not be proposed again unless its evidence grows.`;
    return { outcome: 'dismissed', lesson: updated, approval, effects: null, message };
  }
  if (!isHumanApproval(approval))
    throw new AppError('approval_required', `Lesson #${lesson.id} needs a human's Apply before it changes a directive`);
  const effects = writeAmendment(lesson, { by, at }, deps.directives);
  const updated = await deps.lessons.update(
    lesson.id,
    { status: 'applied', decidedBy: by, decidedAt: at, evidence: { ...evidence, history } },
    deps.now(),
  );
  const cooldown = effects.cooldown
    ? `; ${providerLabel(effects.cooldown.provider)} is left out until ${effects.cooldown.until.toISOString().slice(0, 10)}`
    : '';
  const message = `Applied lesson #${lesson.id} to directives/${lesson.directive}.md: “${lesson.amendment}”${cooldown}.`;
  return { outcome: 'applied', lesson: updated, approval, effects, message };
}

function writeAmendment(
  lesson: LessonRecord,
  decision: { by: string | null; at: Date },
  directives: DirectiveStore,
): AppliedEffects {
  const text = (lesson.amendment ?? '').replace(/\s+/g, ' ').trim();
  const bullet = `${text} (lesson #${lesson.id})`;
  const present = directives.get(lesson.directive).lessons.some((l) => l.startsWith(text));
  if (!present) directives.appendLesson(lesson.directive, bullet);
  const spec = cooldownOf(lesson);
  if (!spec) return { directive: lesson.directive, bullet, bulletAdded: !present, cooldown: null };
  const cooldown: ProviderCooldown = {
    provider: spec.provider,
    until: new Date(decision.at.getTime() + spec.days * 86_400_000),
    reason: lesson.summary,
    lesson: lesson.id,
    appliedBy: decision.by,
  };
  const blocks = directives.get(lesson.directive).blocks;
  const entries = Array.isArray(blocks[COOLDOWN_BLOCK]) ? (blocks[COOLDOWN_BLOCK] as Record<string, unknown>[]) : [];
  const written = entries.some(
    (e) => e.lesson === lesson.id && new Date(String(e.until)).getTime() === cooldown.until.getTime(),
  );
  if (!written) {
    writeDirectiveFile(
      directives,
      lesson.directive,
      addCooldownToMarkdown(directives.get(lesson.directive).raw, cooldown),
    );
  }
  return { directive: lesson.directive, bullet, bulletAdded: !present, cooldown };
}

function alreadyDecided(lesson: LessonRecord): string {
  if (lesson.status !== 'applied' && lesson.status !== 'dismissed')
    return `Lesson #${lesson.id} is ${lesson.status}; nothing changed.`;
  const when = lesson.decidedAt ? ` on ${lesson.decidedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
  return `Lesson #${lesson.id} was already ${lesson.status} by ${lesson.decidedBy ?? 'someone'}${when}; nothing changed.`;
}
