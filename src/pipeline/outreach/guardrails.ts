import { isHumanApproval } from '../approvals/ports.js';
import { isSendable } from '../contacts/ports.js';
import { domainOf } from './compose-message.js';
import type { OutreachDeps } from './deps.js';
import type { OutreachEventRecord } from './ports.js';

/** What to do with a due send, decided at the moment of sending. */
export type SendDecision =
  | { action: 'send' }
  /** Never send this one (the sequence may stop too). Consumes nothing. */
  | { action: 'cancel'; reason: string; stopSequence?: string }
  /** Not now: try again at `until`. Consumes nothing. */
  | { action: 'defer'; reason: string; until: Date };

/**
 * The guardrails, re-checked when a send is about to happen (not only when it was queued): a recorded human
 * approval; an active sequence; a sendable contact; not suppressed; no reply from the contact; the domain
 * throttle. The send window and the sender's cap come after (see send-due.ts), so a blocked send never uses the cap.
 */
export async function checkSend(event: OutreachEventRecord, deps: OutreachDeps): Promise<SendDecision> {
  const now = deps.now();
  if (!event.draftId || !isHumanApproval(await deps.approvals.get('draft', String(event.draftId))))
    return { action: 'cancel', reason: 'no recorded human approval for this draft' };
  const sequence = event.sequenceId ? await deps.outreach.getSequence(event.sequenceId) : undefined;
  if (!sequence) return { action: 'cancel', reason: 'sequence missing' };
  if (sequence.status === 'stopped' || sequence.status === 'completed')
    return {
      action: 'cancel',
      reason: `sequence ${sequence.status}${sequence.stopReason ? `: ${sequence.stopReason}` : ''}`,
    };
  if (sequence.status === 'paused' && sequence.pausedUntil && sequence.pausedUntil > now)
    return { action: 'defer', reason: 'sequence paused', until: sequence.pausedUntil };
  const contact = event.contactId ? await deps.contacts.get(event.contactId) : undefined;
  if (!contact?.email)
    return { action: 'cancel', reason: 'contact has no email', stopSequence: 'contact has no email' };
  if (!isSendable(contact, deps.limits.requireVerifiedGuesses)) {
    const why =
      contact.status !== 'active'
        ? `contact is ${contact.status.replace('_', ' ')}`
        : `address is ${contact.emailKind} and ${contact.verification}`;
    return { action: 'cancel', reason: why, stopSequence: why };
  }
  const suppressed = await deps.suppressions.match(contact.email);
  if (suppressed)
    return {
      action: 'cancel',
      reason: `suppressed (${suppressed.kind} ${suppressed.value})`,
      stopSequence: 'suppressed',
    };
  const replied = (await deps.outreach.eventsForContact(contact.id)).some(
    (e) => (e.kind === 'reply' || e.kind === 'unsubscribe' || e.kind === 'bounce') && e.status === 'received',
  );
  if (replied) return { action: 'cancel', reason: 'the contact has replied', stopSequence: 'replied' };

  const domain = domainOf(contact.email);
  const last = await deps.outreach.lastSendToDomain(domain);
  const intervalMs = deps.limits.domainIntervalMinutes * 60_000;
  if (last?.occurredAt && last.id !== event.id && now.getTime() - last.occurredAt.getTime() < intervalMs)
    return {
      action: 'defer',
      reason: `domain throttle for ${domain}`,
      until: new Date(last.occurredAt.getTime() + intervalMs),
    };
  return { action: 'send' };
}
