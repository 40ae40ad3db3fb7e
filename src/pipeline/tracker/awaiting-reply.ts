import type { OutreachRepo } from '../outreach/ports.js';

/**
 * When the oldest send that may still get a reply left: the first send of every sequence that is active, paused or
 * completed (a reply can come after the last follow-up). Where an IMAP first poll starts. Undefined when none.
 */
export async function oldestSendAwaitingReply(outreach: OutreachRepo): Promise<Date | undefined> {
  let oldest: Date | undefined;
  for (const sequence of await outreach.listSequences({ status: ['active', 'paused', 'completed'] })) {
    for (const e of await outreach.eventsForSequence(sequence.id)) {
      if (e.kind !== 'send' || e.status !== 'sent' || !e.occurredAt) continue;
      if (!oldest || e.occurredAt < oldest) oldest = e.occurredAt;
    }
  }
  return oldest;
}
