import { type ContactRecord, isSendable, type NewContact } from '../contacts/ports.js';
import { foundOffSite } from './off-site.js';
import type { PooledContact } from './pool.js';

/** Contacts kept per company per run (best first); the rest of a long vendor list is not stored. */
export const MAX_CONTACTS_PER_COMPANY = 10;

/** A kept candidate as a row for the contacts table, with the run that found it. */
export function toNewContact(c: PooledContact, companyId: number, runId: string): NewContact {
  return {
    companyId,
    fullName: c.fullName,
    firstName: c.firstName,
    lastName: c.lastName,
    title: c.title,
    titleRank: c.titleRank,
    email: c.email,
    emailKind: c.emailKind,
    verification: c.verification,
    source: c.source,
    evidenceUrl: c.evidenceUrl,
    confidence: c.confidence,
    phone: c.phone ?? null,
    linkedinUrl: c.linkedinUrl ?? null,
    runId,
  };
}

/**
 * Whether a contact may be the company's primary: sendable (an address, active, not invalid, a guess only when
 * verified) and found on the company's own registrable domain — a contact found on another company's site (where
 * the website redirected) is never the one written to.
 */
export function canBePrimary(c: ContactRecord, requireVerifiedGuesses: boolean, companyDomain: string | null): boolean {
  return isSendable(c, requireVerifiedGuesses) && foundOffSite(c, companyDomain) === undefined;
}

/**
 * The company's primary contact: one that can be primary (see canBePrimary),
 * with a target title before one without, verified before unverified, the better title, found before guessed,
 * the more confident. Undefined when nobody qualifies: the company has no findable contact.
 */
export function choosePrimary(
  contacts: readonly ContactRecord[],
  requireVerifiedGuesses: boolean,
  companyDomain: string | null = null,
): ContactRecord | undefined {
  const key = (c: ContactRecord) => [
    c.titleRank === null ? 1 : 0,
    c.verification === 'valid' ? 0 : 1,
    c.titleRank ?? 999,
    c.emailKind === 'guessed' ? 1 : 0,
    -(c.confidence ?? 0),
    c.id,
  ];
  const compare = (a: ContactRecord, b: ContactRecord) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
    return 0;
  };
  return contacts.filter((c) => canBePrimary(c, requireVerifiedGuesses, companyDomain)).sort(compare)[0];
}
