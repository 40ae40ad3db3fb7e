import type { CompanyRepo, Lead } from '../companies/ports.js';
import { type ContactRecord, type ContactRepo, isSendable } from '../contacts/ports.js';
import type { DraftRepo } from '../drafts/ports.js';

/** The contact port the Writer needs: the enrichment branch's ContactRepo satisfies it. */
export type WriterContacts = Pick<ContactRepo, 'get' | 'primaryFor'>;

export interface QueuedCompany {
  lead: Lead;
  contact: ContactRecord;
}

export interface SkippedCompany {
  companyId: number;
  company: string;
  reason: string;
}

/** Whether the Writer may draft for this contact: an address that is not known bad (a guessed one is fine). */
export const isDraftable = (contact: ContactRecord | undefined): contact is ContactRecord =>
  contact !== undefined && isSendable(contact, false);

/**
 * Approved companies ready for a draft: a primary contact with a usable (found, or guessed) address and no current
 * draft. Companies named in `companyIds` that are not ready come back in `skipped` with the reason; unnamed ones
 * that already have a draft are simply done.
 */
export async function findWriteQueue(
  filter: { companyIds?: number[]; limit?: number },
  deps: { companies: CompanyRepo; contacts: WriterContacts; drafts: DraftRepo },
): Promise<{ ready: QueuedCompany[]; skipped: SkippedCompany[] }> {
  const named = filter.companyIds !== undefined;
  const ready: QueuedCompany[] = [];
  const skipped: SkippedCompany[] = [];
  const skip = (lead: Lead, reason: string) =>
    skipped.push({ companyId: lead.company.id, company: lead.company.name, reason });
  if (named) {
    const approved = new Set(
      (await deps.companies.listLeads({ ids: filter.companyIds, limit: 10_000 })).map((l) => l.company.id),
    );
    for (const id of filter.companyIds!)
      if (!approved.has(id)) skipped.push({ companyId: id, company: `#${id}`, reason: 'no such company' });
  }
  const leads = await deps.companies.listLeads({
    status: named ? undefined : ['approved'],
    ids: filter.companyIds,
    limit: 10_000,
  });
  for (const lead of leads) {
    if (lead.company.status !== 'approved') {
      skip(lead, `not approved at Gate 1 (status ${lead.company.status})`);
      continue;
    }
    const current = await deps.drafts.currentForCompany(lead.company.id);
    if (current) {
      if (named) skip(lead, `already has draft #${current.id} (${current.status})`);
      continue;
    }
    const contact = await deps.contacts.primaryFor(lead.company.id);
    if (!contact) skip(lead, 'no primary contact yet (run enrichment)');
    else if (!isDraftable(contact)) skip(lead, `primary contact has no usable address (${describeContact(contact)})`);
    else if (ready.length < (filter.limit ?? Number.POSITIVE_INFINITY)) ready.push({ lead, contact });
  }
  return { ready, skipped };
}

function describeContact(contact: ContactRecord): string {
  if (!contact.email) return 'no email';
  if (contact.status !== 'active') return contact.status.replace('_', ' ');
  return `verification ${contact.verification}`;
}
