import type { Container } from '../container/index.js';
import { AppError } from '../errors.js';
import { type Capacity, poolCapacity } from '../pipeline/outreach/pool/capacity.js';
import { describeWindow } from '../pipeline/outreach/pool/policy.js';
import { type RecipientZone, recipientZone } from '../pipeline/outreach/pool/zone.js';
import type { OutreachEventRecord } from '../pipeline/outreach/ports.js';
import { needsReview, resolveSend as resolve, type SendResolution } from '../pipeline/outreach/resolve.js';
import { type Actor, actorId } from './actor.js';
import type { Flow } from './flow.js';
import { authorize, type PolicyDeps } from './policy.js';

export interface SendingDeps extends Container {
  policy: PolicyDeps;
  flow: Flow;
}

/** A send a person must decide about, as the card, App Home and `leadbot outbox` show it. */
export interface SendReview {
  eventId: number;
  status: OutreachEventRecord['status'];
  /** True while it still waits for Resend / Mark as sent / Cancel. */
  open: boolean;
  recipient: string | null;
  companyName: string | null;
  subject: string | null;
  touch: number;
  sender: string | null;
  error: string | null;
  attempts: number;
  at: Date | null;
  /** Who resolved it and how, once someone did. */
  resolution: { by: string; action: string; at: string } | null;
  /** The recipient's zone for the send window, and how it was found ('team' = the location gave none). */
  zone: RecipientZone;
}

/** The card's read model for one send (no authorization: the card is already shown). */
export async function sendReview(eventId: number, deps: SendingDeps): Promise<SendReview | undefined> {
  const e = await deps.outreach.outreach.getEvent(eventId);
  if (e?.kind !== 'send') return undefined;
  const company = e.companyId ? await deps.repos.companies.get(e.companyId) : undefined;
  const d = e.detail ?? {};
  return {
    eventId: e.id,
    status: e.status,
    open: needsReview(e),
    recipient: e.recipient,
    companyName: company?.name ?? null,
    subject: e.subject,
    touch: e.touch ?? 0,
    sender: e.sender,
    error: e.error,
    attempts: e.attempts,
    at: e.occurredAt,
    resolution:
      typeof d.resolvedBy === 'string'
        ? { by: d.resolvedBy, action: String(d.resolution), at: String(d.resolvedAt) }
        : null,
    zone: await recipientZone(e.companyId, deps.outreach.deps),
  };
}

/** Sends that may have left, or failed after every retry, waiting for a person (`leadbot outbox`). */
export async function listOutbox(input: { limit?: number }, actor: Actor, deps: SendingDeps): Promise<SendReview[]> {
  await authorize(actor, 'read', deps.policy);
  const events = await deps.outreach.outreach.listSends({ status: ['uncertain', 'failed'], limit: input.limit ?? 100 });
  const out: SendReview[] = [];
  for (const e of events.filter(needsReview)) out.push((await sendReview(e.id, deps))!);
  return out;
}

/**
 * Resend / Mark as sent / Cancel for a send that may have left (or failed after every retry): approvers only, from
 * any surface. Nothing is resent without this. A resend goes out in a send pass at once (inside the recipient's
 * window and the sender's cap). A second answer changes nothing and says who answered first.
 * @throws AppError('forbidden'); ('not_found'); ('conflict') for "mark as sent" on a send that never left.
 */
export async function resolveSend(
  input: { eventId: number; action: SendResolution },
  actor: Actor,
  deps: SendingDeps,
): Promise<{ applied: boolean; message: string; review: SendReview }> {
  await authorize(actor, 'resolve_send', deps.policy);
  const by = actorId(actor);
  const { applied } = await resolve({ ...input, by }, deps.outreach.deps);
  if (applied && input.action === 'resend') await deps.flow.sendDue(by);
  const review = (await sendReview(input.eventId, deps))!;
  const words = { resend: 'queued to send again', mark_sent: 'marked as sent', cancel: 'cancelled' };
  const message = applied
    ? `Send #${input.eventId} ${review.status === 'sent' && input.action === 'resend' ? 'was sent again' : words[input.action]}.`
    : `Send #${input.eventId} was already resolved (${review.resolution ? `${review.resolution.action.replace('_', ' ')} by ${review.resolution.by}` : review.status}); nothing changed.`;
  return { applied, message, review };
}

export interface PoolView {
  senders: Capacity[];
  /** "weekdays 08:00–17:00", in each recipient's local time. */
  window: string;
  gapMinutes: number;
  remainingToday: number;
}

/** The sender pool today: each sender's state, cap (with warm-up) and what is left (App Home, doctor, CLI). */
export async function senderPool(_input: Record<string, never>, actor: Actor, deps: SendingDeps): Promise<PoolView> {
  await authorize(actor, 'read', deps.policy);
  const { deps: outreach } = deps.outreach;
  const senders = await poolCapacity(outreach, outreach.limits.timeZone);
  return {
    senders,
    window: describeWindow(outreach.policy()),
    gapMinutes: outreach.policy().gapMinutes,
    remainingToday: senders.reduce((n, s) => n + s.remainingToday, 0),
  };
}

const known = (name: string, deps: SendingDeps) => {
  const member = deps.outreach.senders.find((s) => s.name.toLowerCase() === name.trim().toLowerCase());
  if (!member)
    throw new AppError(
      'not_found',
      `No sender named "${name}"; the pool has: ${deps.outreach.senders.map((s) => s.name).join(', ')}`,
    );
  return member;
};

/**
 * Resumes a paused sender (the button on its alert and `leadbot senders resume`): its waiting sequences go on.
 * @throws AppError('forbidden'); ('not_found') for a name not in the pool.
 */
export async function resumeSender(
  input: { name: string },
  actor: Actor,
  deps: SendingDeps,
): Promise<{ resumed: boolean; message: string }> {
  await authorize(actor, 'manage_senders', deps.policy);
  const member = known(input.name, deps);
  const resumed = await deps.outreach.senderState.resume(member.name, deps.now());
  if (resumed) await deps.flow.sendDue(actorId(actor));
  return {
    resumed,
    message: resumed
      ? `Sender ${member.name} resumed by ${actorId(actor)}; its sequences go on.`
      : `Sender ${member.name} was not paused; nothing changed.`,
  };
}

/**
 * Moves the active sequences of one sender to another (or, without `to`, to whichever sender has room when their
 * next touch is due). Only an approver decides this: follow-ups then come from a different mailbox.
 * @throws AppError('forbidden'); ('not_found'); ('invalid_input') when both names are the same.
 */
export async function moveSequences(
  input: { from: string; to?: string },
  actor: Actor,
  deps: SendingDeps,
): Promise<{ moved: number; message: string }> {
  await authorize(actor, 'manage_senders', deps.policy);
  const from = known(input.from, deps);
  const to = input.to ? known(input.to, deps) : undefined;
  if (to?.name === from.name) throw new AppError('invalid_input', 'Give two different senders to move between');
  const { outreach } = deps.outreach;
  const sequences = await outreach.listSequences({ status: ['active', 'paused'], sender: from.name });
  for (const s of sequences) await outreach.updateSequence(s.id, { sender: to?.name ?? null }, deps.now());
  if (sequences.length > 0) await deps.flow.sendDue(actorId(actor));
  return {
    moved: sequences.length,
    message: `Moved ${sequences.length} sequence(s) from ${from.name} to ${to ? to.name : 'the pool (the sender with room at their next touch)'}.`,
  };
}
