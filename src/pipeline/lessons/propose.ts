import type { ApprovalRepo, Transaction } from '../approvals/ports.js';
import type { DirectiveStore } from '../directives/store.js';
import type { LlmPort } from '../llm/ports.js';
import type { RunHandle } from '../runs/recorder.js';
import { draftAmendment } from './amend.js';
import { cleanFact } from './evidence.js';
import type { LessonRecord, LessonRepo } from './ports.js';
import { approvalPayload, approvalSubject, type LessonView, lessonView } from './proposal.js';
import type { LessonSettings } from './settings.js';
import { summarizeReasons } from './summarize-reasons.js';

export interface ProposeDeps {
  lessons: LessonRepo;
  approvals: ApprovalRepo;
  directives: DirectiveStore;
  llm: LlmPort;
  tx: Transaction;
  now: () => Date;
}

/**
 * Turns an open lesson into a proposal: summarises rejection reasons (model or rules), drafts the amendment (model
 * or rules), marks the lesson proposed and opens its approval request (kind 'lesson'), in one transaction.
 */
export async function proposeLesson(
  lesson: LessonRecord,
  settings: LessonSettings,
  deps: ProposeDeps,
  run: RunHandle,
): Promise<LessonView> {
  let evidence = lesson.evidence;
  if (lesson.kind === 'lead_rejections' && evidence.reasonSummarySource !== 'llm') {
    const reasons = await summarizeReasons(evidence.reasons ?? [], evidence.reasonSummary ?? 'no reason given', {
      llm: deps.llm,
      settings,
      run,
    });
    evidence = {
      ...evidence,
      reasonSummary: reasons.text,
      reasonSummarySource: reasons.source,
      facts: { ...evidence.facts, reasons: cleanFact(reasons.text, 200) },
    };
  }
  const drafted = await draftAmendment(
    { ...lesson, evidence },
    { llm: deps.llm, directives: deps.directives, settings, run },
  );
  await run.log({
    kind: 'event',
    name: 'lessons.propose',
    status: 'ok',
    input: { lesson: lesson.id, fingerprint: lesson.fingerprint },
    output: `${drafted.source}${drafted.fallbackReason ? ` (${drafted.fallbackReason})` : ''}: ${drafted.amendment}`,
  });
  return deps.tx(async () => {
    const at = deps.now();
    const updated = await deps.lessons.update(
      lesson.id,
      {
        evidence,
        status: 'proposed',
        amendment: drafted.amendment,
        rationale: drafted.rationale,
        amendmentSource: drafted.source,
      },
      at,
    );
    const approval = await deps.approvals.request({
      kind: 'lesson',
      subjectId: approvalSubject(updated),
      runId: run.id,
      requestedBy: 'lessons',
      payload: approvalPayload(updated),
      at,
    });
    return lessonView(updated, approval);
  });
}

/** The lesson as the bot shows it, with its current approval request (for re-rendering a card after a click). */
export async function viewLesson(
  lessonId: number,
  deps: Pick<ProposeDeps, 'lessons' | 'approvals'>,
): Promise<LessonView | undefined> {
  const lesson = await deps.lessons.get(lessonId);
  return lesson ? lessonView(lesson, await deps.approvals.get('lesson', approvalSubject(lesson))) : undefined;
}

/** Records where the proposal was posted, on the lesson and on its approval request, so the card can be updated. */
export async function attachLessonMessage(
  lessonId: number,
  message: { channel: string; ts: string },
  deps: Pick<ProposeDeps, 'lessons' | 'approvals' | 'tx' | 'now'>,
): Promise<void> {
  await deps.tx(async () => {
    const at = deps.now();
    const lesson = await deps.lessons.update(lessonId, { slackChannel: message.channel, slackTs: message.ts }, at);
    await deps.approvals.attachMessage('lesson', approvalSubject(lesson), message.channel, message.ts, at);
  });
}
