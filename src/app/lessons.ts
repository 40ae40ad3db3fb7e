import type { Container } from '../container/index.js';
import { AppError } from '../errors.js';
import {
  type DecideLessonResult,
  type LessonDecision,
  decideLesson as recordLessonDecision,
} from '../pipeline/lessons/decide.js';
import type { LessonStatus } from '../pipeline/lessons/ports.js';
import { approvalSubject, type LessonView, lessonView } from '../pipeline/lessons/proposal.js';
import { attachLessonMessage } from '../pipeline/lessons/propose.js';
import { type LessonScanResult, runLessonScan } from '../pipeline/lessons/scan.js';
import { type Actor, actorId, deciderOf, personOf } from './actor.js';
import { authorize, type PolicyDeps } from './policy.js';

export interface LessonDeps
  extends Pick<Container, 'repos' | 'directives' | 'llm' | 'recorder' | 'notifier' | 'tx' | 'now'> {
  policy: PolicyDeps;
}

/**
 * Apply (the amendment is appended to its directive and takes effect on the next run) or Dismiss a proposed lesson.
 * @throws AppError('forbidden') for someone who may not; ('not_found') / ('conflict') as the pipeline does.
 */
export async function decideLesson(
  input: { lessonId: number; decision: LessonDecision; reason?: string },
  actor: Actor,
  deps: LessonDeps,
): Promise<DecideLessonResult> {
  await authorize(actor, 'decide_lesson', deps.policy);
  const person = personOf(actor);
  if (!person || actor.kind === 'agent') throw new AppError('forbidden', 'Only a person can apply a lesson');
  return recordLessonDecision(
    {
      lessonId: input.lessonId,
      decision: input.decision,
      actor: deciderOf(person),
      reason: input.reason?.trim() || undefined,
    },
    { ...deps.repos, directives: deps.directives, tx: deps.tx, now: deps.now, approverUserIds: [] },
  );
}

/** A lesson as its card shows it (with its current decision), or undefined. */
export async function lessonCard(lessonId: number, deps: Pick<LessonDeps, 'repos'>): Promise<LessonView | undefined> {
  const lesson = await deps.repos.lessons.get(lessonId);
  return lesson ? lessonView(lesson, await deps.repos.approvals.get('lesson', approvalSubject(lesson))) : undefined;
}

/** Lessons, newest first, as cards show them. */
export async function listLessons(
  input: { status?: LessonStatus[]; limit?: number },
  actor: Actor,
  deps: LessonDeps,
): Promise<LessonView[]> {
  await authorize(actor, 'read', deps.policy);
  const views = await deps.repos.lessons.list({ status: input.status, limit: input.limit ?? 20 });
  return (await Promise.all(views.map((l) => lessonCard(l.id, deps)))).flatMap((v) => v ?? []);
}

/** Records where a lesson's card was posted so a click updates it in place. */
export async function recordLessonCard(
  input: { lessonId: number; channel: string; ts: string },
  deps: Pick<LessonDeps, 'repos' | 'tx' | 'now'>,
): Promise<void> {
  await attachLessonMessage(
    input.lessonId,
    { channel: input.channel, ts: input.ts },
    { ...deps.repos, tx: deps.tx, now: deps.now },
  );
}

/**
 * The self-annealing scan: finds patterns and proposes amendments (announced with 'lessonProposed'); it changes no
 * directive — only a person's Apply does.
 */
export async function scanLessons(
  input: { slackChannel?: string | null; slackThreadTs?: string | null },
  actor: Actor,
  deps: LessonDeps,
): Promise<LessonScanResult> {
  await authorize(actor, 'scan_lessons', deps.policy);
  const trigger =
    actor.kind === 'cli' ? 'cli' : actor.kind === 'system' ? 'cron' : actor.kind === 'user' ? actor.surface : 'slack';
  const result = await runLessonScan(
    { trigger, requestedBy: actorId(actor), slackChannel: input.slackChannel, slackThreadTs: input.slackThreadTs },
    {
      ...deps.repos,
      signals: deps.repos.lessonSignals,
      directives: deps.directives,
      llm: deps.llm,
      recorder: deps.recorder,
      tx: deps.tx,
      now: deps.now,
    },
  );
  for (const p of result.proposals) await deps.notifier.emit('lessonProposed', { lessonId: p.lessonId });
  return result;
}
