import type { RunHandle } from '../runs/recorder.js';
import type { OutreachDeps } from './deps.js';
import { confirmSent } from './sequence.js';

/**
 * Sends left "intended" by a process that died between recording and confirming. The transport is asked
 * whether the message left: yes → confirmed; no → scheduled again (safe, it never left); can't tell →
 * "uncertain" for a human to check, never resent blindly.
 */
export async function reconcileIntended(
  deps: OutreachDeps,
  run?: RunHandle,
): Promise<{ sent: number; requeued: number; uncertain: number }> {
  const result = { sent: 0, requeued: 0, uncertain: 0 };
  const cutoff = deps.now().getTime() - deps.limits.reconcileAfterMs;
  const stale = (await deps.outreach.listSends({ status: ['intended'] })).filter(
    (e) => (e.occurredAt ?? e.updatedAt).getTime() <= cutoff,
  );
  for (const event of stale) {
    const member = deps.senders.find((s) => s.name === event.sender) ?? deps.senders[0];
    const verdict = event.messageId && member ? await member.transport.reconcile(event.messageId) : 'unknown';
    const at = deps.now();
    if (verdict === 'sent') {
      await confirmSent(event.id, 'reconciled: found after restart', deps);
      result.sent++;
    } else if (verdict === 'not_sent') {
      await deps.outreach.transitionEvent(
        event.id,
        ['intended'],
        { status: 'scheduled', messageId: null, scheduledFor: at },
        at,
      );
      result.requeued++;
    } else {
      await deps.outreach.transitionEvent(
        event.id,
        ['intended'],
        { status: 'uncertain', error: 'interrupted while sending; check the Sent folder before resending' },
        at,
      );
      await deps.alerts.sendNeedsReview({
        eventId: event.id,
        status: 'uncertain',
        reason: 'leadbot was interrupted while sending; check the Sent folder before resending',
      });
      result.uncertain++;
    }
    await run?.log({
      kind: 'event',
      name: 'outreach.reconcile',
      status: 'ok',
      input: { eventId: event.id },
      output: verdict,
    });
  }
  return result;
}
