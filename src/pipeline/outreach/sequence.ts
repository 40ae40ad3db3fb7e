import type { OutreachDeps } from './deps.js';
import type { OutreachEventRecord } from './ports.js';
import { respaceFollowUps, scheduleFollowUps } from './schedule.js';

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

/**
 * Keeps a sequence on the sender its first email (may have) left from: set once, when that send is confirmed or
 * becomes uncertain.
 */
export async function bindSender(event: OutreachEventRecord, deps: Pick<OutreachDeps, 'outreach' | 'now'>) {
  if (!event.sequenceId || !event.sender) return;
  const sequence = await deps.outreach.getSequence(event.sequenceId);
  if (sequence && !sequence.sender)
    await deps.outreach.updateSequence(sequence.id, { sender: event.sender }, deps.now());
}

/**
 * Marks a send as sent and applies what follows a first email: draft sent, follow-ups scheduled, win-rate count.
 * Also the way a person confirms an uncertain send (it left after all).
 */
export async function confirmSent(eventId: number, response: string, deps: OutreachDeps): Promise<boolean> {
  return deps.tx(async () => {
    const at = deps.now();
    if (
      !(await deps.outreach.transitionEvent(
        eventId,
        ['intended', 'uncertain'],
        { status: 'sent', transportResponse: response, error: null },
        at,
      ))
    )
      return false;
    const event = (await deps.outreach.getEvent(eventId))!;
    if (!event.sequenceId) return true;
    await bindSender(event, deps);
    if (event.touch !== 0) {
      await respaceFollowUps(event, deps);
      const pending = (await deps.outreach.eventsForSequence(event.sequenceId)).some(
        (e) => e.kind === 'send' && e.status === 'scheduled',
      );
      if (!pending) await deps.outreach.updateSequence(event.sequenceId, { status: 'completed' }, at);
      return true;
    }
    const sequence = (await deps.outreach.getSequence(event.sequenceId))!;
    await deps.drafts.update(event.draftId!, { status: 'sent' }, at);
    await deps.winRates.increment(sequence.industry, sequence.angle, { sent: 1 }, at);
    await scheduleFollowUps(event, deps);
    return true;
  });
}

/** Touches go out in order: a follow-up waits while an earlier touch of its sequence has not left. */
export async function earlierTouchPending(event: OutreachEventRecord, deps: OutreachDeps): Promise<boolean> {
  if (!event.sequenceId || !event.touch) return false;
  return (await deps.outreach.eventsForSequence(event.sequenceId)).some(
    (e) =>
      e.kind === 'send' && (e.touch ?? 0) < event.touch! && ['scheduled', 'intended', 'uncertain'].includes(e.status),
  );
}
