import type { OutreachEventRecord } from '../outreach/ports.js';
import { stopSequence } from '../outreach/sequence.js';
import type { RunHandle } from '../runs/recorder.js';
import type { Classification } from './classify.js';
import type { TrackerDeps } from './ingest.js';

/** A spam complaint from a feedback loop, for ALERT_CHANNEL. */
export interface ComplaintAlert {
  address: string | null;
  companyName: string | null;
  reason: string;
  sequencesStopped: number;
  eventId: number;
}

/**
 * A feedback-loop complaint (RFC 5965): the address is suppressed at once, every sequence to it stops, and the team
 * is alerted. Works without a matched send when the report names the address.
 */
export async function applyComplaint(
  event: OutreachEventRecord,
  send: OutreachEventRecord | undefined,
  c: Classification,
  deps: TrackerDeps,
  run?: RunHandle,
): Promise<string> {
  const address = (c.failedRecipient ?? send?.recipient ?? '').toLowerCase() || null;
  const at = deps.now();
  const sends = address ? await deps.outreach.findSendsToRecipient(address) : send ? [send] : [];
  const sequenceIds = new Set(sends.map((s) => s.sequenceId).filter((id): id is number => id !== null));
  if (send?.contactId) for (const s of await deps.outreach.sequencesForContact(send.contactId)) sequenceIds.add(s.id);
  let stopped = 0;
  await deps.tx(async () => {
    if (address)
      await deps.suppressions.add(
        { kind: 'email', value: address, reason: 'spam complaint (feedback loop)', source: 'tracker' },
        at,
      );
    for (const id of sequenceIds) {
      const sequence = await deps.outreach.getSequence(id);
      if (!sequence || sequence.status === 'stopped' || sequence.status === 'completed') continue;
      await stopSequence(id, 'spam complaint', deps);
      stopped++;
    }
  });
  if (send) await deps.senderHealth?.complaint(send, address);
  const company = send?.companyId ? await deps.companies.get(send.companyId) : undefined;
  const alert: ComplaintAlert = {
    address,
    companyName: company?.name ?? null,
    reason: c.reason,
    sequencesStopped: stopped,
    eventId: event.id,
  };
  try {
    await deps.alerts.complaint?.(alert);
  } catch (err) {
    await run?.log({ kind: 'event', name: 'tracker.complaint_alert', status: 'error', error: (err as Error).message });
  }
  return address
    ? `suppressed ${address}; ${stopped} sequence${stopped === 1 ? '' : 's'} stopped (spam complaint)`
    : 'spam complaint: the report names no address (kept for review)';
}
