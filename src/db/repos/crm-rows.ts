import type { CrmFacts, CrmWriteCounts } from '../../pipeline/crm/ports.js';

/** One outreach event as the planner's query returns it (both databases). */
export interface CrmEventRow {
  id: number;
  kind: string;
  status: string;
  contactId: number | null;
  companyId: number | null;
  sequenceId: number | null;
  classification: string | null;
  hasBody: boolean;
  recipient: string | null;
  contactEmail: string | null;
}

/** Turns the planner's rows into facts (shared by the SQLite and PostgreSQL repositories). */
export function factsOf(rows: {
  approved: { id: number }[];
  people: { contactId: number; companyId: number }[];
  events: CrmEventRow[];
  bounced: { contactId: number; email: string | null }[];
  replyClasses: readonly string[];
}): CrmFacts {
  const facts: CrmFacts = {
    companies: rows.approved.map((r) => r.id),
    contacts: rows.people,
    sends: [],
    replies: [],
    optOuts: [],
    bounces: rows.bounced.flatMap((b) => (b.email ? [{ contactId: b.contactId, email: b.email }] : [])),
  };
  for (const e of rows.events) {
    if (e.kind === 'send') {
      if (e.contactId !== null && e.companyId !== null)
        facts.sends.push({ eventId: e.id, contactId: e.contactId, companyId: e.companyId });
      continue;
    }
    if (e.kind === 'unsubscribe') {
      const email = e.contactEmail ?? e.recipient;
      if (email) facts.optOuts.push({ eventId: e.id, contactId: e.contactId, email });
    }
    const human = e.classification !== null && rows.replyClasses.includes(e.classification);
    if (human && e.hasBody && e.sequenceId !== null && e.contactId !== null && e.companyId !== null)
      facts.replies.push({
        eventId: e.id,
        contactId: e.contactId,
        companyId: e.companyId,
        sequenceId: e.sequenceId,
        classification: e.classification!,
      });
  }
  return facts;
}

/** Write counts by status and kind, from grouped rows. */
export function countsOf(
  rows: { status: string; kind: string; n: number }[],
  oldestWaitingAt: Date | null,
): CrmWriteCounts {
  const out: CrmWriteCounts = { pending: 0, running: 0, failed: 0, done: 0, oldestWaitingAt, byKind: {} };
  for (const r of rows) {
    const n = Number(r.n);
    const counts = out as unknown as Record<string, number>;
    if (r.status in counts) counts[r.status] = (counts[r.status] ?? 0) + n;
    if (r.status === 'pending' || r.status === 'running') out.byKind[r.kind] = (out.byKind[r.kind] ?? 0) + n;
  }
  return out;
}
