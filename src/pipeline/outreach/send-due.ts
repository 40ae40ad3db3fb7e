import type { RunHandle } from '../runs/recorder.js';
import { deliver } from './deliver.js';
import type { OutreachDeps } from './deps.js';
import { checkSend } from './guardrails.js';
import { pickSender } from './pool/choose.js';
import { placeInWindow, sendWindow } from './pool/window.js';
import { recipientZone } from './pool/zone.js';
import { reconcileIntended } from './reconcile.js';
import { earlierTouchPending, stopSequence } from './sequence.js';

export { confirmSent, stopSequence } from './sequence.js';

export interface SendReport {
  sent: number;
  cancelled: { eventId: number; reason: string }[];
  /** Held by the domain throttle or a paused sequence. */
  deferred: number;
  /** Due outside the recipient's send window: moved into their next window. */
  outsideWindow: number;
  /** Waiting for their sender: paused, pacing between sends, or no longer configured. */
  waitingOnSender: { eventId: number; sender?: string; why: string }[];
  /** Refused for good (a hard bounce from the server), or given up after every retry. */
  failed: { eventId: number; error: string }[];
  /** Not sent this time; scheduled again (durably) after a backoff. */
  retrying: { eventId: number; error: string; at: Date }[];
  /** May have left: a person decides (Resend / Mark as sent / Cancel). */
  uncertain: { eventId: number; error: string }[];
  /** Senders paused in this pass because they are broken. */
  pausedSenders: string[];
  capReached: boolean;
  reconciled: { sent: number; requeued: number; uncertain: number };
}

const WAIT_WORDS = {
  paused: 'sender paused',
  cap: 'daily cap reached',
  gap: 'pacing between sends',
  unknown_sender: 'sender no longer configured',
};

/**
 * Sends every due message (first emails and follow-ups) that passes the guardrails at this moment, inside the
 * recipient's send window, from a sender with room today. Each send is recorded as intended before the transport is
 * called and settled by its outcome (outcome.ts), so a crash or a double trigger never sends twice. The cron job and
 * `run-stage outreach` both call this.
 */
export async function sendDue(deps: OutreachDeps, run?: RunHandle): Promise<SendReport> {
  const report: SendReport = {
    sent: 0,
    cancelled: [],
    deferred: 0,
    outsideWindow: 0,
    waitingOnSender: [],
    failed: [],
    retrying: [],
    uncertain: [],
    pausedSenders: [],
    capReached: false,
    reconciled: await reconcileIntended(deps, run),
  };
  for (const sequence of await deps.outreach.listSequences({ status: ['paused'] }))
    if (!sequence.pausedUntil || sequence.pausedUntil <= deps.now())
      await deps.outreach.updateSequence(sequence.id, { status: 'active', pausedUntil: null }, deps.now());
  const skip = new Set<string>();
  const due = await deps.outreach.listSends({ status: ['scheduled'], dueBefore: deps.now() });
  for (const queued of due) {
    // Re-read: an earlier send in this pass may have respaced or cancelled this one.
    const event = await deps.outreach.getEvent(queued.id);
    if (event?.status !== 'scheduled' || (event.scheduledFor && event.scheduledFor > deps.now())) continue;
    if (await earlierTouchPending(event, deps)) continue;
    const decision = await checkSend(event, deps);
    const at = deps.now();
    if (decision.action === 'defer') {
      await deps.outreach.transitionEvent(event.id, ['scheduled'], { scheduledFor: decision.until }, at);
      report.deferred++;
      continue;
    }
    if (decision.action === 'cancel') {
      await cancel(event.id, event.sequenceId, decision, deps, run);
      report.cancelled.push({ eventId: event.id, reason: decision.reason });
      continue;
    }
    const zone = await recipientZone(event.companyId, deps);
    const slot = sendWindow(at, zone.zone, deps.policy());
    if (!slot.open) {
      const when = placeInWindow(slot, deps.random);
      await deps.outreach.transitionEvent(event.id, ['scheduled'], { scheduledFor: when }, at);
      report.outsideWindow++;
      continue;
    }
    const pick = await pickSender(event, deps, skip);
    if (!pick.ok) {
      if (pick.why === 'cap') report.capReached = true;
      report.waitingOnSender.push({ eventId: event.id, sender: pick.sender, why: WAIT_WORDS[pick.why] });
      continue;
    }
    const result = await deliver(event, pick.member, pick.day, deps, run);
    if (result.status === 'sent') report.sent++;
    else if (result.status === 'retry') {
      report.retrying.push({ eventId: event.id, error: result.reason, at: result.at });
      skip.add(pick.member.name);
    } else if (result.status === 'failed') report.failed.push({ eventId: event.id, error: result.reason });
    else if (result.status === 'uncertain') report.uncertain.push({ eventId: event.id, error: result.reason });
    else if (result.status === 'sender_broken') {
      report.pausedSenders.push(pick.member.name);
      skip.add(pick.member.name);
    }
  }
  await run?.count({ emailsSent: report.sent });
  return report;
}

async function cancel(
  eventId: number,
  sequenceId: number | null,
  decision: { reason: string; stopSequence?: string },
  deps: OutreachDeps,
  run?: RunHandle,
): Promise<void> {
  await deps.tx(async () => {
    await deps.outreach.transitionEvent(
      eventId,
      ['scheduled'],
      { status: 'cancelled', error: decision.reason },
      deps.now(),
    );
    if (decision.stopSequence && sequenceId) await stopSequence(sequenceId, decision.stopSequence, deps);
  });
  await run?.log({
    kind: 'event',
    name: 'outreach.cancelled',
    status: 'skipped',
    input: { eventId },
    output: decision.reason,
  });
}
