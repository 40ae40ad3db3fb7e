import { AppError } from '../../errors.js';
import type { ContactRepo } from '../contacts/ports.js';
import type { DraftGate } from '../drafts/gate.js';
import { type DecideLessonDeps, decideLesson } from '../lessons/decide.js';
import type { OutreachRepo, SuppressionRepo } from '../outreach/ports.js';
import { suppressTarget } from '../outreach/suppress.js';
import { type DecideLeadDeps, decideLead } from './decide-lead.js';
import type { Actor, ApprovalRecord } from './ports.js';

export interface DecideRequestDeps extends DecideLeadDeps {
  draftGate: Pick<DraftGate, 'approveDraft' | 'rejectDraft'>;
  suppressions: SuppressionRepo;
  contacts: ContactRepo;
  outreach: OutreachRepo;
  lessons: DecideLessonDeps['lessons'];
  directives: DecideLessonDeps['directives'];
}

export interface DecideRequestResult {
  /** False when the request had already been decided: nothing changed. */
  applied: boolean;
  request: ApprovalRecord;
  /** One line for the card or the terminal: what happened, or who decided first. */
  message: string;
}

/** What a request asks a human to do: payload.proposed = 'reject' turns the button into a rejection. */
export function proposedDecision(request: ApprovalRecord): 'approved' | 'rejected' {
  return request.payload.proposed === 'reject' ? 'rejected' : 'approved';
}

/**
 * Applies a human's click on an approval request (a Gate 1 lead, a Gate 2 draft, a suppression, a lesson), whoever
 * created the request — a card, the router or the agent. The caller has checked the actor may decide. A request
 * decided before is a no-op that says who decided.
 * @throws AppError('not_found') for an unknown request.
 */
export async function decideRequest(
  input: { requestId: number; decision: 'approved' | 'rejected'; actor: Actor; reason?: string },
  deps: DecideRequestDeps,
): Promise<DecideRequestResult> {
  const request = await deps.approvals.getById(input.requestId);
  if (!request) throw new AppError('not_found', `No approval request with id ${input.requestId}`);
  const { decision, actor } = input;
  switch (request.kind) {
    case 'lead': {
      const out = await decideLead(
        { companyId: Number(request.subjectId), decision, actor, reason: input.reason },
        deps,
      );
      const verb = decision === 'approved' ? 'approved' : 'rejected';
      return {
        applied: out.applied,
        request: out.approval,
        message: out.applied
          ? `${out.company.name}: ${verb}.`
          : `${out.company.name} was already ${out.approval.status}.`,
      };
    }
    case 'draft': {
      const id = Number(request.subjectId);
      const out =
        decision === 'approved'
          ? await deps.draftGate.approveDraft(id, actor)
          : await deps.draftGate.rejectDraft(id, actor, input.reason);
      const verb = decision === 'approved' ? 'approved for sending' : 'rejected';
      return {
        applied: out.applied,
        request: out.approval,
        message: out.applied ? `Draft #${id}: ${verb}.` : `Draft #${id} was already ${out.approval.status}.`,
      };
    }
    case 'suppress':
      return decideSuppression(request, input, deps);
    case 'lesson': {
      const lessonId = Number(request.payload.lessonId ?? Number.NaN);
      const out = await decideLesson(
        { lessonId, decision: decision === 'approved' ? 'apply' : 'dismiss', actor, reason: input.reason },
        { ...deps, approverUserIds: [] },
      );
      return {
        applied: out.outcome === 'applied' || out.outcome === 'dismissed',
        request: (await deps.approvals.getById(request.id)) ?? request,
        message: out.message,
      };
    }
    default:
      throw new AppError('conflict', `Requests of kind ${request.kind} are decided where they were made`);
  }
}

async function decideSuppression(
  request: ApprovalRecord,
  input: { decision: 'approved' | 'rejected'; actor: Actor; reason?: string },
  deps: DecideRequestDeps,
): Promise<DecideRequestResult> {
  return deps.tx(async () => {
    const result = await deps.approvals.decide({
      kind: 'suppress',
      subjectId: request.subjectId,
      decision: input.decision,
      actor: input.actor,
      reason: input.reason,
      at: deps.now(),
    });
    if (!result.applied)
      return { applied: false, request: result.record, message: `Already ${result.record.status}; nothing changed.` };
    if (input.decision === 'rejected')
      return { applied: true, request: result.record, message: `Not suppressing ${request.subjectId}.` };
    const out = await suppressTarget({ target: request.subjectId, reason: input.reason, actor: input.actor }, deps);
    const stopped = out.stoppedSequences > 0 ? ` ${out.stoppedSequences} sequence(s) stopped.` : '';
    return {
      applied: true,
      request: result.record,
      message: `${out.record.value} is suppressed: leadbot will never email it.${stopped}`,
    };
  });
}
