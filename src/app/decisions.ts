import type { Container } from '../container/index.js';
import { isAppError } from '../errors.js';
import type { DecideRequestDeps } from '../pipeline/approvals/decide-request.js';
import { type Actor, type ApprovalRecord, isHumanApproval } from '../pipeline/approvals/ports.js';
import type { GateOutcome } from '../pipeline/drafts/gate.js';
import type { SequenceRecord, SuppressionRecord } from '../pipeline/outreach/ports.js';
import { startSequence } from '../pipeline/outreach/start-sequence.js';
import { parseSuppressionTarget, suppressTarget } from '../pipeline/outreach/suppress.js';

export interface DraftApproval extends GateOutcome {
  /** The outreach sequence the approval queued (null when it could not be queued; see `note`). */
  sequence: SequenceRecord | null;
  note?: string;
}

/**
 * Gate 2 from a terminal or chat: records the human's approval and queues the draft's sequence, so the next
 * outreach run (`run-stage outreach`, the send job) sends it. A second approval is a no-op that still makes sure
 * the sequence exists.
 * @throws AppError('not_found') for an unknown draft; ('conflict') for a draft that can no longer be decided.
 */
export async function approveDraftByHuman(app: Container, draftId: number, actor: Actor): Promise<DraftApproval> {
  const outcome = await app.draftGate.approveDraft(draftId, actor);
  if (!isHumanApproval(outcome.approval)) return { ...outcome, sequence: null };
  try {
    return { ...outcome, sequence: await startSequence(draftId, app.outreach.deps) };
  } catch (err) {
    if (!isAppError(err)) throw err;
    return { ...outcome, sequence: null, note: `Not queued for sending: ${err.message}` };
  }
}

export interface Suppression {
  /** False when the address or domain was already covered. */
  applied: boolean;
  record: SuppressionRecord;
  approval: ApprovalRecord;
  stoppedSequences: number;
}

/**
 * An operator suppressing an address or domain: recorded as a human decision (a 'suppress' approval decided by the
 * actor, like Gate 1 decisions) and applied at once — leadbot never emails it again and its sequences stop.
 * @throws AppError('invalid_input') when the target is neither an email address nor a domain (nothing is written).
 */
export async function suppressByHuman(
  app: Container,
  input: { target: string; reason?: string; actor: Actor },
): Promise<Suppression> {
  const target = parseSuppressionTarget(input.target);
  const { approvals, contacts } = app.repos;
  const { suppressions, outreach } = app.outreach;
  return app.tx(async () => {
    const at = app.now();
    const covered = await suppressions.match(target.kind === 'email' ? target.value : `postmaster@${target.value}`);
    const request = await approvals.request({
      kind: 'suppress',
      subjectId: target.value,
      requestedBy: input.actor.id,
      payload: { target: target.value, reason: input.reason ?? null },
      at,
    });
    if (request.status !== 'pending' && request.status !== 'approved')
      await approvals.reopen('suppress', target.value, at);
    const decided = await approvals.decide({
      kind: 'suppress',
      subjectId: target.value,
      decision: 'approved',
      actor: input.actor,
      reason: input.reason,
      at,
    });
    const out = await suppressTarget(
      { target: target.value, reason: input.reason, actor: input.actor },
      { suppressions, contacts, outreach, tx: app.tx, now: app.now },
    );
    return {
      applied: !covered,
      record: covered ?? out.record,
      approval: decided.record,
      stoppedSequences: out.stoppedSequences,
    };
  });
}

/** What `decideRequest` needs from the app: the same deps for Slack buttons and the terminal's numbered choices. */
export function requestDecisionDeps(app: Container): DecideRequestDeps {
  return {
    companies: app.repos.companies,
    approvals: app.repos.approvals,
    draftGate: app.draftGate,
    suppressions: app.outreach.suppressions,
    contacts: app.repos.contacts,
    outreach: app.outreach.outreach,
    lessons: app.repos.lessons,
    directives: app.directives,
    tx: app.tx,
    now: app.now,
  };
}
