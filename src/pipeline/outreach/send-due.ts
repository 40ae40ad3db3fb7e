import { isAppError } from '../../errors.js';
import type { RunHandle } from '../runs/recorder.js';
import { addressOf, composeMessage, newMessageId } from './compose-message.js';
import type { OutreachDeps } from './deps.js';
import { writeFollowUp } from './follow-up.js';
import { checkSend } from './guardrails.js';
import type { OutreachEventRecord } from './ports.js';
import { reconcileIntended } from './reconcile.js';
import { respaceFollowUps, scheduleFollowUps } from './schedule.js';

export interface SendReport {
  sent: number;
  cancelled: { eventId: number; reason: string }[];
  deferred: number;
  failed: { eventId: number; error: string }[];
  capReached: boolean;
  reconciled: { sent: number; requeued: number; uncertain: number };
}

/**
 * Sends every due message (first emails and follow-ups) that passes the guardrails at this moment.
 * Each send is recorded as intended before the transport is called and confirmed after, so a crash or a
 * double trigger never sends twice. The cron job and `run-stage outreach` both call this.
 */
export async function sendDue(deps: OutreachDeps, run?: RunHandle): Promise<SendReport> {
  const report: SendReport = {
    sent: 0,
    cancelled: [],
    deferred: 0,
    failed: [],
    capReached: false,
    reconciled: await reconcileIntended(deps, run),
  };
  for (const sequence of await deps.outreach.listSequences({ status: ['paused'] }))
    if (!sequence.pausedUntil || sequence.pausedUntil <= deps.now())
      await deps.outreach.updateSequence(sequence.id, { status: 'active', pausedUntil: null }, deps.now());
  const due = await deps.outreach.listSends({ status: ['scheduled'], dueBefore: deps.now() });
  for (const queued of due) {
    // Re-read: an earlier send in this pass may have respaced or cancelled this one.
    const event = await deps.outreach.getEvent(queued.id);
    if (event?.status !== 'scheduled' || (event.scheduledFor && event.scheduledFor > deps.now())) continue;
    if (await earlierTouchPending(event, deps)) continue;
    const decision = await checkSend(event, deps);
    const at = deps.now();
    if (decision.action === 'cap_reached') {
      report.capReached = true;
      break;
    }
    if (decision.action === 'defer') {
      await deps.outreach.transitionEvent(event.id, ['scheduled'], { scheduledFor: decision.until }, at);
      report.deferred++;
      continue;
    }
    if (decision.action === 'cancel') {
      await deps.tx(async () => {
        await deps.outreach.transitionEvent(
          event.id,
          ['scheduled'],
          { status: 'cancelled', error: decision.reason },
          at,
        );
        if (decision.stopSequence && event.sequenceId)
          await stopSequence(event.sequenceId, decision.stopSequence, deps);
      });
      report.cancelled.push({ eventId: event.id, reason: decision.reason });
      await run?.log({
        kind: 'event',
        name: 'outreach.cancelled',
        status: 'skipped',
        input: { eventId: event.id },
        output: decision.reason,
      });
      continue;
    }
    const outcome = await deliver(event, deps, run);
    if (outcome.ok) report.sent++;
    else if (outcome.error) report.failed.push({ eventId: event.id, error: outcome.error });
  }
  await run?.count({ emailsSent: report.sent });
  return report;
}

/** Stops a sequence and cancels its touches that have not left. */
export async function stopSequence(
  sequenceId: number,
  reason: string,
  deps: Pick<OutreachDeps, 'outreach' | 'now'>,
): Promise<void> {
  const at = deps.now();
  const sequence = await deps.outreach.getSequence(sequenceId);
  if (!sequence || sequence.status === 'stopped') return;
  await deps.outreach.updateSequence(sequenceId, { status: 'stopped', stopReason: reason, pausedUntil: null }, at);
  for (const e of await deps.outreach.eventsForSequence(sequenceId))
    if (e.kind === 'send' && e.status === 'scheduled')
      await deps.outreach.transitionEvent(
        e.id,
        ['scheduled'],
        { status: 'cancelled', error: `sequence stopped: ${reason}` },
        at,
      );
}

async function deliver(
  event: OutreachEventRecord,
  deps: OutreachDeps,
  run?: RunHandle,
): Promise<{ ok: boolean; error?: string }> {
  const contact = (await deps.contacts.get(event.contactId!))!;
  const touch = event.touch ?? 0;
  const content = touch === 0 ? { subject: event.subject!, body: event.body! } : await writeFollowUp(event, deps, run);
  const thread = touch === 0 ? [] : await threadOf(event, deps);
  const at = deps.now();
  const message = composeMessage(
    {
      to: contact.email!,
      subject: content.subject,
      body: content.body,
      messageId: newMessageId(event.draftId!, touch, addressOf(deps.identity.from)),
      inReplyTo: thread.at(-1),
      references: thread.length > 0 ? thread : undefined,
      date: at,
    },
    deps.identity,
  );
  // Recorded as intended (durably, synchronous=FULL) before the transport is called.
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
      mailbox: addressOf(deps.identity.from),
      transport: deps.transport.name,
      occurredAt: at,
    },
    at,
  );
  if (!claimed) return { ok: false };
  try {
    const result = await (run
      ? run.step(`outreach.send.${deps.transport.name}`, () => deps.transport.send(message), {
          kind: 'provider',
          input: { to: contact.email, touch },
          summarize: (r) => r.response,
        })
      : deps.transport.send(message));
    await confirmSent(event.id, result.response, deps);
    return { ok: true };
  } catch (err) {
    const permanent = isAppError(err) && err.details?.permanent === true;
    const text = err instanceof Error ? err.message : String(err);
    // A definite refusal is recorded as failed; anything else may or may not have left: uncertain, never resent blindly.
    await deps.outreach.transitionEvent(
      event.id,
      ['intended'],
      { status: permanent ? 'failed' : 'uncertain', error: text },
      deps.now(),
    );
    return { ok: false, error: text };
  }
}

/** Marks a send as sent and applies what follows a first email: draft sent, follow-ups scheduled, win-rate count. */
export async function confirmSent(eventId: number, response: string, deps: OutreachDeps): Promise<void> {
  await deps.tx(async () => {
    const at = deps.now();
    if (
      !(await deps.outreach.transitionEvent(
        eventId,
        ['intended', 'uncertain'],
        { status: 'sent', transportResponse: response, error: null },
        at,
      ))
    )
      return;
    const event = (await deps.outreach.getEvent(eventId))!;
    if (!event.sequenceId) return;
    if (event.touch !== 0) {
      await respaceFollowUps(event, deps);
      const pending = (await deps.outreach.eventsForSequence(event.sequenceId)).some(
        (e) => e.kind === 'send' && e.status === 'scheduled',
      );
      if (!pending) await deps.outreach.updateSequence(event.sequenceId, { status: 'completed' }, at);
      return;
    }
    const sequence = (await deps.outreach.getSequence(event.sequenceId))!;
    await deps.drafts.update(event.draftId!, { status: 'sent' }, at);
    await deps.winRates.increment(sequence.industry, sequence.angle, { sent: 1 }, at);
    await scheduleFollowUps(event, deps);
  });
}

/** Touches go out in order: a follow-up waits while an earlier touch of its sequence has not left. */
async function earlierTouchPending(event: OutreachEventRecord, deps: OutreachDeps): Promise<boolean> {
  if (!event.sequenceId || !event.touch) return false;
  return (await deps.outreach.eventsForSequence(event.sequenceId)).some(
    (e) =>
      e.kind === 'send' && (e.touch ?? 0) < event.touch! && ['scheduled', 'intended', 'uncertain'].includes(e.status),
  );
}

async function threadOf(event: OutreachEventRecord, deps: OutreachDeps): Promise<string[]> {
  return (await deps.outreach.eventsForSequence(event.sequenceId!))
    .filter((e) => e.kind === 'send' && e.status === 'sent' && (e.touch ?? 0) < (event.touch ?? 0) && e.messageId)
    .sort((a, b) => (a.touch ?? 0) - (b.touch ?? 0))
    .map((e) => e.messageId!);
}
