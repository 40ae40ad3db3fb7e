import type { OutreachDeps } from './deps.js';
import type { OutreachEventRecord } from './ports.js';
import { sendKey } from './start-sequence.js';
import { addDays } from './time.js';

/** After the first email leaves: schedules each follow-up touch, counted in days from that send. */
export async function scheduleFollowUps(
  first: OutreachEventRecord,
  deps: Pick<OutreachDeps, 'outreach' | 'touches' | 'now'>,
): Promise<void> {
  const at = deps.now();
  const sentAt = first.occurredAt ?? at;
  const subject = /^re:/i.test(first.subject ?? '') ? first.subject! : `Re: ${first.subject ?? ''}`;
  for (const [i, touch] of deps.touches().entries()) {
    await deps.outreach.insertEvent(
      {
        kind: 'send',
        status: 'scheduled',
        sequenceId: first.sequenceId,
        draftId: first.draftId,
        contactId: first.contactId,
        companyId: first.companyId,
        touch: i + 1,
        idempotencyKey: sendKey(first.draftId!, i + 1),
        scheduledFor: addDays(sentAt, touch.day),
        recipient: first.recipient,
        subject,
      },
      at,
    );
  }
}

/**
 * After a follow-up leaves late (a pause, the cap, a throttle): keeps the directive's spacing between the
 * remaining touches, so two follow-ups never land on the same day.
 */
export async function respaceFollowUps(
  sent: OutreachEventRecord,
  deps: Pick<OutreachDeps, 'outreach' | 'touches' | 'now'>,
): Promise<void> {
  const touches = deps.touches();
  const sentDay = touches[(sent.touch ?? 1) - 1]?.day ?? 0;
  const sentAt = sent.occurredAt ?? deps.now();
  for (const e of await deps.outreach.eventsForSequence(sent.sequenceId!)) {
    if (e.kind !== 'send' || e.status !== 'scheduled' || (e.touch ?? 0) <= (sent.touch ?? 0)) continue;
    const day = touches[(e.touch ?? 1) - 1]?.day ?? sentDay;
    const earliest = addDays(sentAt, day - sentDay);
    if (!e.scheduledFor || e.scheduledFor < earliest)
      await deps.outreach.transitionEvent(e.id, ['scheduled'], { scheduledFor: earliest }, deps.now());
  }
}
