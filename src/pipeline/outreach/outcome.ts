import type { OutreachDeps } from './deps.js';
import { checkBounceRate, noteSendFailure, pauseSender } from './pool/health.js';
import type { PoolMember } from './pool/ports.js';
import type { OutreachEventRecord, SendOutcome } from './ports.js';
import { MAX_SEND_ATTEMPTS, retryDelayMs } from './retry.js';
import { bindSender, confirmSent, stopSequence } from './sequence.js';

/** What became of one delivery, for the stage's report. */
export type DeliveryResult =
  | { status: 'sent' }
  | { status: 'skipped' }
  | { status: 'retry'; reason: string; at: Date }
  | { status: 'failed'; reason: string }
  | { status: 'sender_broken'; reason: string }
  | { status: 'uncertain'; reason: string };

/**
 * Settles a send the transport answered (the event is "intended", one send reserved on `member` for `day`):
 * - sent: confirmed (follow-ups scheduled on the first email);
 * - retry: the reservation is given back and the event scheduled again after a backoff with jitter (never sooner than
 *   Retry-After) — durably, in the event row itself; after MAX_SEND_ATTEMPTS it is handed to a person instead;
 * - recipient refused: a hard bounce (address suppressed, contact bounced, sequence stopped), then the sender's
 *   bounce rate is checked;
 * - sender broken: the event goes back to waiting with nothing recorded about the recipient; the sender is paused and
 *   the team alerted once;
 * - uncertain: kept for a person (Resend / Mark as sent / Cancel), never resent blindly.
 */
export async function applyOutcome(
  event: OutreachEventRecord,
  outcome: SendOutcome,
  on: { member: PoolMember; day: string },
  deps: OutreachDeps,
): Promise<DeliveryResult> {
  const { member, day } = on;
  const at = deps.now();
  const release = () => deps.senderState.release(member.name, day, deps.now());
  switch (outcome.status) {
    case 'sent':
      await confirmSent(event.id, outcome.response, deps);
      await deps.senderState.recordSuccess(member.name, deps.now());
      return { status: 'sent' };
    case 'retry': {
      await release();
      await noteSendFailure(member.name, outcome.reason, deps);
      if (event.attempts >= MAX_SEND_ATTEMPTS) {
        const reason = `not sent after ${event.attempts} attempts: ${outcome.reason}`;
        await deps.outreach.transitionEvent(event.id, ['intended'], { status: 'failed', error: reason }, at);
        await deps.alerts.sendNeedsReview({ eventId: event.id, status: 'failed', reason });
        return { status: 'failed', reason };
      }
      const when = new Date(at.getTime() + retryDelayMs(event.attempts, outcome.retryAfterMs, deps.random));
      await deps.outreach.transitionEvent(
        event.id,
        ['intended'],
        { status: 'scheduled', scheduledFor: when, messageId: null, error: `try again: ${outcome.reason}` },
        at,
      );
      return { status: 'retry', reason: outcome.reason, at: when };
    }
    case 'recipient_refused':
      await release();
      await refuseRecipient(event, outcome.reason, deps);
      await checkBounceRate(member.name, deps);
      return { status: 'failed', reason: outcome.reason };
    case 'sender_broken':
      await release();
      // Nothing about the recipient: the attempt does not count, the event waits for the sender.
      await deps.outreach.transitionEvent(
        event.id,
        ['intended'],
        {
          status: 'scheduled',
          messageId: null,
          attempts: event.attempts - 1,
          error: `waiting: sender ${member.name} is broken: ${outcome.reason}`,
        },
        at,
      );
      await pauseSender(member.name, { cause: 'sender_broken', reason: outcome.reason }, deps);
      return { status: 'sender_broken', reason: outcome.reason };
    case 'uncertain':
      await deps.outreach.transitionEvent(event.id, ['intended'], { status: 'uncertain', error: outcome.reason }, at);
      await bindSender(event, deps);
      await noteSendFailure(member.name, outcome.reason, deps);
      await deps.alerts.sendNeedsReview({ eventId: event.id, status: 'uncertain', reason: outcome.reason });
      return { status: 'uncertain', reason: outcome.reason };
  }
}

/** The server refused this recipient for good: a hard bounce, recorded like one the Tracker reads. */
async function refuseRecipient(event: OutreachEventRecord, reason: string, deps: OutreachDeps): Promise<void> {
  await deps.tx(async () => {
    const at = deps.now();
    await deps.outreach.transitionEvent(
      event.id,
      ['intended'],
      { status: 'failed', classification: 'hard_bounce', error: `refused by the mail server: ${reason}` },
      at,
    );
    if (event.recipient || event.contactId) {
      const contact = event.contactId ? await deps.contacts.get(event.contactId) : undefined;
      const email = contact?.email ?? event.recipient!;
      await deps.suppressions.add(
        { kind: 'email', value: email, reason: `hard bounce: ${reason}`.slice(0, 300), source: 'outreach' },
        at,
      );
      if (contact) await deps.contacts.update(contact.id, { status: 'bounced' }, at);
    }
    if (event.sequenceId) await stopSequence(event.sequenceId, 'bounced (refused by the mail server)', deps);
  });
}
