import type { OutreachEventRecord } from '../outreach/ports.js';
import type { RunHandle } from '../runs/recorder.js';
import type { TrackerDeps } from './ingest.js';
import { suggestResponse } from './suggest.js';

/** Posts the hot-lead alert for a positive human reply, with a suggested response. A failed alert is logged. */
export async function raiseHotLead(
  event: OutreachEventRecord,
  sequenceId: number,
  deps: TrackerDeps,
  run?: RunHandle,
): Promise<void> {
  const contact = event.contactId ? await deps.contacts.get(event.contactId) : undefined;
  const company = event.companyId ? await deps.companies.get(event.companyId) : undefined;
  if (!contact || !company) return;
  const suggested = await suggestResponse({ reply: event.body ?? '', contact, company }, deps, run);
  const alert = {
    companyId: company.id,
    companyName: company.name,
    contactName: contact.fullName ?? contact.email ?? 'the contact',
    contactEmail: contact.email ?? '',
    contactTitle: contact.title,
    subject: event.subject ?? '',
    reply: event.body ?? '',
    suggestedResponse: suggested,
    sequenceId,
    eventId: event.id,
  };
  try {
    await deps.alerts.hotLead(alert);
  } catch (err) {
    // The reply is recorded and the sequence stopped; a failed alert is reported, not fatal.
    await run?.log({ kind: 'event', name: 'tracker.hot_lead_alert', status: 'error', error: (err as Error).message });
  }
}
