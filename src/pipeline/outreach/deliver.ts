import type { RunHandle } from '../runs/recorder.js';
import { addressOf, composeMessage, newMessageId } from './compose-message.js';
import type { OutreachDeps } from './deps.js';
import { writeFollowUp } from './follow-up.js';
import { applyOutcome, type DeliveryResult } from './outcome.js';
import type { PoolMember } from './pool/ports.js';
import type { OutreachEventRecord, SendOutcome } from './ports.js';

/**
 * Sends one due event from `member` (one send is already reserved on it for `day`): recorded as intended (durably)
 * before the transport is called, then settled by what the transport says (see outcome.ts). A transport that throws
 * instead of answering is taken as uncertain: the message may have left.
 */
export async function deliver(
  event: OutreachEventRecord,
  member: PoolMember,
  day: string,
  deps: OutreachDeps,
  run?: RunHandle,
): Promise<DeliveryResult> {
  const contact = (await deps.contacts.get(event.contactId!))!;
  const touch = event.touch ?? 0;
  const identity = { ...deps.identity, from: member.from };
  const content =
    touch === 0
      ? { subject: event.subject!, body: event.body! }
      : await writeFollowUp(event, { ...deps, identity }, run);
  const thread = touch === 0 ? [] : await threadOf(event, deps);
  const at = deps.now();
  const message = composeMessage(
    {
      to: contact.email!,
      subject: content.subject,
      body: content.body,
      messageId: newMessageId(event.draftId!, touch, addressOf(member.from)),
      inReplyTo: thread.at(-1),
      references: thread.length > 0 ? thread : undefined,
      date: at,
    },
    identity,
  );
  const attempts = event.attempts + 1;
  const claimed = await deps.outreach.transitionEvent(
    event.id,
    ['scheduled'],
    {
      status: 'intended',
      messageId: message.messageId,
      inReplyTo: message.inReplyTo ?? null,
      references: message.references?.join(' ') ?? null,
      subject: message.subject,
      body: content.body,
      recipient: contact.email,
      mailbox: addressOf(member.from),
      sender: member.name,
      transport: member.transport.name,
      attempts,
      occurredAt: at,
    },
    at,
  );
  if (!claimed) {
    await deps.senderState.release(member.name, day, deps.now());
    return { status: 'skipped' };
  }
  let outcome: SendOutcome;
  try {
    outcome = await (run
      ? run.step(`outreach.send.${member.transport.name}`, () => member.transport.send(message), {
          kind: 'provider',
          input: { to: contact.email, touch, sender: member.name },
          summarize: (o) => (o.status === 'sent' ? o.response : `${o.status}: ${o.reason}`),
        })
      : member.transport.send(message));
  } catch (err) {
    outcome = { status: 'uncertain', reason: err instanceof Error ? err.message : String(err) };
  }
  const claimedEvent = { ...event, status: 'intended' as const, sender: member.name, attempts };
  return applyOutcome(claimedEvent, outcome, { member, day }, deps);
}

async function threadOf(event: OutreachEventRecord, deps: OutreachDeps): Promise<string[]> {
  return (await deps.outreach.eventsForSequence(event.sequenceId!))
    .filter((e) => e.kind === 'send' && e.status === 'sent' && (e.touch ?? 0) < (event.touch ?? 0) && e.messageId)
    .sort((a, b) => (a.touch ?? 0) - (b.touch ?? 0))
    .map((e) => e.messageId!);
}
