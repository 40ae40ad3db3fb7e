import { filterAsync } from '../async.js';
import type { CompanyRepo } from '../companies/ports.js';
import type { ContactRepo } from '../contacts/ports.js';
import type { DraftRepo } from '../drafts/ports.js';
import type { OutreachRepo } from '../outreach/ports.js';

export interface StuckWork {
  /** Approved leads that still have no contact three days after approval. */
  leadsWithoutContact: { companyId: number; name: string; approvedDaysAgo: number }[];
  /** Drafts waiting at Gate 2 for more than two days. */
  draftsWaiting: { draftId: number; companyId: number; subject: string; waitingDays: number }[];
  /** Paused sequences whose resume date has passed (the send job should have resumed them). */
  overdueSequences: { sequenceId: number; pausedUntil: Date }[];
  /** Sends interrupted mid-way that a human must check before anything is resent. */
  uncertainSends: { eventId: number; recipient: string | null; since: Date }[];
  /** Replies that matched no send. */
  unmatchedReplies: { eventId: number; from: string | null; subject: string | null }[];
}

const DAY = 86_400_000;

/** The daily health check: finds work that is stuck, for the digest. Read-only. */
export async function findStuckWork(deps: {
  companies: CompanyRepo;
  contacts: ContactRepo;
  drafts: DraftRepo;
  outreach: OutreachRepo;
  now: () => Date;
}): Promise<StuckWork> {
  const now = deps.now().getTime();
  const days = (d: Date) => Math.floor((now - d.getTime()) / DAY);
  const approved = await deps.companies.listLeads({ status: ['approved'], limit: 1000 });
  const leadsWithoutContact = (
    await filterAsync(
      approved,
      async (l) => days(l.company.updatedAt) >= 3 && !(await deps.contacts.primaryFor(l.company.id)),
    )
  ).map((l) => ({ companyId: l.company.id, name: l.company.name, approvedDaysAgo: days(l.company.updatedAt) }));
  const draftsWaiting = (await deps.drafts.list({ status: ['pending'], limit: 1000 }))
    .filter((d) => now - d.createdAt.getTime() > 2 * DAY)
    .map((d) => ({ draftId: d.id, companyId: d.companyId, subject: d.subject, waitingDays: days(d.createdAt) }));
  const overdueSequences = (await deps.outreach.listSequences({ status: ['paused'] }))
    .filter((s) => s.pausedUntil !== null && s.pausedUntil.getTime() < now - DAY)
    .map((s) => ({ sequenceId: s.id, pausedUntil: s.pausedUntil! }));
  const uncertainSends = (await deps.outreach.listSends({ status: ['uncertain'] })).map((e) => ({
    eventId: e.id,
    recipient: e.recipient,
    since: e.occurredAt ?? e.updatedAt,
  }));
  const unmatchedReplies = (await deps.outreach.listEvents({ kind: ['reply', 'bounce', 'unsubscribe'], limit: 200 }))
    .filter((e) => e.sequenceId === null && e.status === 'received' && e.contactId === null)
    .map((e) => ({ eventId: e.id, from: e.recipient, subject: e.subject }));
  return { leadsWithoutContact, draftsWaiting, overdueSequences, uncertainSends, unmatchedReplies };
}
