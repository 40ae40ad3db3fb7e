import type { Container } from '../container/index.js';
import { AppError } from '../errors.js';
import type { ApprovalRecord } from '../pipeline/approvals/ports.js';
import type { EditOutcome, GateOutcome, RegenerateOutcome } from '../pipeline/drafts/gate.js';
import type { DraftListItem } from '../pipeline/drafts/ports.js';
import { describeWindow } from '../pipeline/outreach/pool/policy.js';
import { type RecipientZone, recipientZone } from '../pipeline/outreach/pool/zone.js';
import type { OutreachEventRecord } from '../pipeline/outreach/ports.js';
import { type Actor, deciderOf, personOf } from './actor.js';
import type { Flow } from './flow.js';
import { authorize, type PolicyDeps } from './policy.js';

export interface DraftDeps extends Pick<Container, 'draftGate' | 'repos' | 'outreach' | 'config' | 'logger'> {
  policy: PolicyDeps;
  flow: Pick<Flow, 'draftApproved'>;
}

/** A draft as its card shows it: the draft, its Gate 2 request and, once queued, its first email. */
export interface DraftView {
  draft: DraftListItem;
  approval: ApprovalRecord;
  firstSend?: Pick<OutreachEventRecord, 'status' | 'recipient' | 'occurredAt' | 'error' | 'scheduledFor'>;
  /** When it may go: the send window, in the recipient's zone (the team's TZ when the location gives none). */
  sendWindow: { window: string; zone: RecipientZone };
  /** Sandbox (outbox mail) and sent: the card may offer to simulate the recipient's reply. */
  canSimulateReply: boolean;
}

function decider(actor: Actor) {
  const person = personOf(actor);
  if (!person || actor.kind === 'agent') throw new AppError('forbidden', 'Only a person can decide at a gate');
  return deciderOf(person);
}

/** After an approval changed something: the sequence starts and what is due now is sent (awaited). */
async function afterApproval<T extends GateOutcome>(out: T, deps: DraftDeps): Promise<T> {
  if (out.applied && out.approval.status === 'approved') await deps.flow.draftApproved(out.draft.id);
  return out;
}

/**
 * Gate 2 from any surface: Approve & Send (the sequence starts and the first email is sent when due) or Reject.
 * A second decision is a no-op whose outcome says who decided first.
 * @throws AppError('forbidden') for someone who may not decide; ('not_found') / ('conflict') from the gate.
 */
export async function decideDraft(
  input: { draftId: number; decision: 'approved' | 'rejected'; reason?: string },
  actor: Actor,
  deps: DraftDeps,
): Promise<GateOutcome> {
  await authorize(actor, 'decide_draft', deps.policy);
  if (input.decision === 'rejected')
    return deps.draftGate.rejectDraft(input.draftId, decider(actor), input.reason?.trim() || undefined);
  await authorize(actor, 'send', deps.policy);
  return afterApproval(await deps.draftGate.approveDraft(input.draftId, decider(actor)), deps);
}

/** Edit = the human's text replaces the draft and is approved for sending. */
export async function editDraft(
  input: { draftId: number; subject: string; body: string },
  actor: Actor,
  deps: DraftDeps,
): Promise<EditOutcome> {
  await authorize(actor, 'edit_draft', deps.policy);
  await authorize(actor, 'send', deps.policy);
  const out = await deps.draftGate.editAndApproveDraft(
    input.draftId,
    { subject: input.subject, body: input.body },
    decider(actor),
  );
  return afterApproval(out, deps);
}

/** A new Writer ⇄ Critic cycle with the reviewer's instructions; the new draft takes the old one's card. */
export async function regenerateDraft(
  input: { draftId: number; instructions?: string; angle?: string; card?: { channel: string; ts: string } },
  actor: Actor,
  deps: DraftDeps,
): Promise<RegenerateOutcome> {
  await authorize(actor, 'regenerate_draft', deps.policy);
  const out = await deps.draftGate.regenerateDraft(
    input.draftId,
    { instructions: input.instructions?.trim() || undefined, angle: input.angle },
    decider(actor),
  );
  if (out.applied && input.card) await deps.draftGate.attachCard(out.draft.id, input.card.channel, input.card.ts);
  return out;
}

/**
 * Before opening the Edit or Regenerate modal: the draft when it can still be changed, else why not.
 * @throws AppError('forbidden') for someone who may not; ('not_found') for an unknown draft.
 */
export async function openDraft(
  input: { draftId: number; purpose: 'edit' | 'regenerate' },
  actor: Actor,
  deps: DraftDeps,
): Promise<{ open: true; draft: DraftListItem } | { open: false; draft: DraftListItem; approval: ApprovalRecord }> {
  await authorize(actor, input.purpose === 'edit' ? 'edit_draft' : 'regenerate_draft', deps.policy);
  const { draft, approval } = await deps.draftGate.review(input.draftId);
  return draft.status === 'pending' ? { open: true, draft } : { open: false, draft, approval };
}

/** A draft's card data, or undefined for an unknown draft. */
export async function draftView(draftId: number, deps: DraftDeps): Promise<DraftView | undefined> {
  let reviewed: Awaited<ReturnType<DraftDeps['draftGate']['review']>>;
  try {
    reviewed = await deps.draftGate.review(draftId);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return undefined;
    throw err;
  }
  const { outreach } = deps.outreach;
  const sequence = await outreach.sequenceForDraft(draftId);
  const first = sequence
    ? (await outreach.eventsForSequence(sequence.id)).find((e) => e.kind === 'send' && e.touch === 0)
    : undefined;
  return {
    ...reviewed,
    firstSend: first,
    sendWindow: {
      window: describeWindow(deps.outreach.deps.policy()),
      zone: await recipientZone(reviewed.draft.companyId, deps.outreach.deps),
    },
    canSimulateReply: deps.config.mail.transport === 'outbox' && reviewed.draft.status === 'sent',
  };
}

/** Records where a draft's card was posted, so later clicks update it in place. */
export async function recordDraftCard(
  input: { draftId: number; channel: string; ts: string },
  deps: Pick<DraftDeps, 'draftGate'>,
): Promise<void> {
  await deps.draftGate.attachCard(input.draftId, input.channel, input.ts);
}
