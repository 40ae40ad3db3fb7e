import type { Stage } from '../agent/services.js';
import type { Container } from '../container/index.js';
import { AppError } from '../errors.js';
import { decideRequest as applyRequest, proposedDecision } from '../pipeline/approvals/decide-request.js';
import type { ApprovalKind, ApprovalRecord } from '../pipeline/approvals/ports.js';
import { type Actor, actorId, deciderOf, personOf } from './actor.js';
import { type DraftDeps, decideDraft } from './drafts.js';
import { decideLead, type LeadDeps } from './leads.js';
import { decideLesson, type LessonDeps } from './lessons.js';
import { AGENT_MAY_REQUEST, type ApproverAction, authorize, type PolicyDeps } from './policy.js';
import type { RunStageUseCase } from './stages/use-case.js';

export type RequestDeps = Omit<LeadDeps, 'flow'> &
  Omit<DraftDeps, 'flow'> &
  LessonDeps & {
    policy: PolicyDeps;
    flow: LeadDeps['flow'] & DraftDeps['flow'];
    runStage: RunStageUseCase;
  };

/** A request as its card shows it: the record and human words for what it is about. */
export interface RequestCard {
  request: ApprovalRecord;
  label: string;
}

/** What a request would do once confirmed, in the policy's terms. */
function actionOf(kind: ApprovalKind): ApproverAction {
  const actions: Record<ApprovalKind, ApproverAction> = {
    lead: 'decide_lead',
    draft: 'decide_draft',
    suppress: 'suppress',
    lesson: 'decide_lesson',
    action: 'run_stage',
  };
  return actions[kind];
}

/**
 * Asks a person to decide (a card with Confirm / Dismiss): what the chat does for "suppress x" or "approve the first
 * two", and all the agent can do about anything an approver decides. Never decides anything itself.
 * @throws AppError('forbidden') for a non-member, or an agent asking for something it may not propose.
 */
export async function requestApproval(
  input: { kind: ApprovalKind; subjectId: string; payload?: Record<string, unknown>; runId?: string },
  actor: Actor,
  deps: Pick<RequestDeps, 'policy' | 'repos' | 'now'>,
): Promise<ApprovalRecord> {
  await authorize(actor, 'request_approval', deps.policy);
  if (actor.kind === 'agent' && !AGENT_MAY_REQUEST.includes(actionOf(input.kind)))
    throw new AppError('forbidden', `The agent cannot ask for ${input.kind} decisions`);
  const asker = personOf(actor);
  return deps.repos.approvals.request({
    kind: input.kind,
    subjectId: input.subjectId,
    runId: input.runId,
    requestedBy: actorId(actor),
    payload: { ...input.payload, ...(asker ? { askedBy: asker.id } : {}) },
    at: deps.now(),
  });
}

/** The outcome of a Confirm (or a rejection) on a request card. */
export interface RequestDecision {
  applied: boolean;
  request: ApprovalRecord;
  /** One line for the person who clicked: what happened, or who decided first. */
  message: string;
}

/**
 * A person confirming (or rejecting) a request: the confirmed request has exactly the effect the same decision has
 * from its own card — an approved lead is enriched, an approved draft is sent, a stage runs.
 * @throws AppError('forbidden') for someone who may not take that decision; ('not_found') for an unknown request.
 */
export async function decideRequest(
  input: { requestId: number; decision?: 'approved' | 'rejected'; reason?: string },
  actor: Actor,
  deps: RequestDeps,
): Promise<RequestDecision> {
  const request = await deps.repos.approvals.getById(input.requestId);
  if (!request) throw new AppError('not_found', `No approval request with id ${input.requestId}`);
  await authorize(actor, actionOf(request.kind), deps.policy);
  const decision = input.decision ?? proposedDecision(request);
  const id = Number(request.subjectId);
  switch (request.kind) {
    case 'lead': {
      const out = await decideLead({ companyId: id, decision, reason: input.reason }, actor, deps);
      const said = out.applied
        ? `${out.company.name}: ${decision}.`
        : `${out.company.name} was already ${out.approval.status}.`;
      return { applied: out.applied, request: out.approval, message: said };
    }
    case 'draft': {
      const out = await decideDraft({ draftId: id, decision, reason: input.reason }, actor, deps);
      const verb = decision === 'approved' ? 'approved and sent' : 'rejected';
      const said = out.applied ? `Draft #${id}: ${verb}.` : `Draft #${id} was already ${out.approval.status}.`;
      return { applied: out.applied, request: out.approval, message: said };
    }
    case 'lesson': {
      const lessonId = Number(request.payload.lessonId ?? Number.NaN);
      const out = await decideLesson(
        { lessonId, decision: decision === 'approved' ? 'apply' : 'dismiss' },
        actor,
        deps,
      );
      const applied = out.outcome === 'applied' || out.outcome === 'dismissed';
      return { applied, request: (await deps.repos.approvals.getById(request.id)) ?? request, message: out.message };
    }
    case 'action':
      return decideStageRequest(request, decision, actor, deps);
    case 'suppress': {
      const person = personOf(actor);
      if (!person || actor.kind === 'agent') throw new AppError('forbidden', 'Only a person can confirm a suppression');
      return applyRequest(
        { requestId: request.id, decision, actor: deciderOf(person), reason: input.reason },
        {
          ...deps.repos,
          draftGate: deps.draftGate,
          suppressions: deps.outreach.suppressions,
          outreach: deps.outreach.outreach,
          directives: deps.directives,
          tx: deps.tx,
          now: deps.now,
        },
      );
    }
  }
}

/** A stage the agent proposed: recorded as decided, then run as the person who confirmed it. */
async function decideStageRequest(
  request: ApprovalRecord,
  decision: 'approved' | 'rejected',
  actor: Actor,
  deps: RequestDeps,
): Promise<RequestDecision> {
  const person = personOf(actor);
  if (!person || actor.kind === 'agent') throw new AppError('forbidden', 'Only a person can confirm a request');
  const result = await deps.repos.approvals.decide({
    kind: 'action',
    subjectId: request.subjectId,
    decision,
    actor: deciderOf(person),
    at: deps.now(),
  });
  if (!result.applied)
    return { applied: false, request: result.record, message: `Already ${result.record.status}; nothing changed.` };
  const stage = String(request.payload.stage ?? '') as Stage;
  if (decision === 'rejected') return { applied: true, request: result.record, message: `Not running ${stage}.` };
  const out = await deps.runStage({ stage }, actor);
  return { applied: true, request: result.record, message: `${stage}: ${out.summary} (run ${out.runId})` };
}

/**
 * Dismiss on a request card: only the person who asked, or an approver, may take the buttons away. Nothing is
 * decided; the request stays pending for its own card.
 * @throws AppError('forbidden') for anyone else; ('not_found') for an unknown request.
 */
export async function dismissRequest(
  input: { requestId: number },
  actor: Actor,
  deps: Pick<RequestDeps, 'policy' | 'repos'>,
): Promise<ApprovalRecord> {
  const request = await deps.repos.approvals.getById(input.requestId);
  if (!request) throw new AppError('not_found', `No approval request with id ${input.requestId}`);
  const askedBy = typeof request.payload.askedBy === 'string' ? request.payload.askedBy : request.requestedBy;
  await authorize(actor, 'dismiss_request', deps.policy, { requestedBy: askedBy });
  return request;
}

/** Request cards for these ids (unknown ids are left out), with human words for each. */
export async function requestCards(ids: number[], deps: Pick<Container, 'repos'>): Promise<RequestCard[]> {
  const cards: RequestCard[] = [];
  for (const id of ids) {
    const request = await deps.repos.approvals.getById(id);
    if (request) cards.push({ request, label: await requestLabel(request, deps) });
  }
  return cards;
}

/** Human words for what a request is about: a company, a draft and its recipient, an address, a stage. */
export async function requestLabel(request: ApprovalRecord, deps: Pick<Container, 'repos'>): Promise<string> {
  const { companies, drafts } = deps.repos;
  switch (request.kind) {
    case 'lead':
      return (await companies.get(Number(request.subjectId)))?.name ?? `lead #${request.subjectId}`;
    case 'draft': {
      const draft = await drafts.get(Number(request.subjectId));
      const company = draft ? (await companies.get(draft.companyId))?.name : undefined;
      return `draft #${request.subjectId}${company ? ` to ${company}` : ''}`;
    }
    case 'suppress':
      return request.subjectId;
    case 'action':
      return `running the ${String(request.payload.stage ?? 'requested')} stage`;
    default:
      return typeof request.payload.label === 'string'
        ? request.payload.label
        : `${request.kind} #${request.subjectId}`;
  }
}
