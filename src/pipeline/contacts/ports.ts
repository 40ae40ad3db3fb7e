import type { CONTACT_STATUSES } from '../statuses.js';

export type EmailKind = 'found' | 'guessed';
export type Verification = 'valid' | 'catch_all' | 'invalid' | 'unknown' | 'unverified';
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/** A person at a company. Every name, title and address has a `source`; nothing is invented. */
export interface ContactRecord {
  id: number;
  companyId: number;
  fullName: string | null;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  /** Position of the title in the directive's priority list (0 = best); null when not a target title. */
  titleRank: number | null;
  email: string | null;
  emailKind: EmailKind;
  verification: Verification;
  source: string;
  evidenceUrl: string | null;
  confidence: number | null;
  phone: string | null;
  linkedinUrl: string | null;
  isPrimary: boolean;
  status: ContactStatus;
  runId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewContact = Omit<ContactRecord, 'id' | 'createdAt' | 'updatedAt' | 'isPrimary' | 'status'> & {
  isPrimary?: boolean;
  status?: ContactStatus;
};

/** Contacts in storage (implemented in src/db). `upsert` is idempotent per (company, email). */
export interface ContactRepo {
  upsert(contact: NewContact, at: Date): Promise<ContactRecord>;
  get(id: number): Promise<ContactRecord | undefined>;
  listForCompany(companyId: number): Promise<ContactRecord[]>;
  primaryFor(companyId: number): Promise<ContactRecord | undefined>;
  /** Makes `contactId` the company's only primary contact. */
  setPrimary(companyId: number, contactId: number, at: Date): Promise<void>;
  findByEmail(email: string): Promise<ContactRecord[]>;
  /** How many contacts are stored (pipeline status). */
  count(): Promise<number>;
  update(
    id: number,
    patch: Partial<Omit<ContactRecord, 'id' | 'companyId' | 'createdAt'>>,
    at: Date,
  ): Promise<ContactRecord>;
}

/** Whether outreach may send to this contact: a guessed address needs a `valid` verification. */
export function isSendable(contact: ContactRecord, requireVerifiedGuesses = true): boolean {
  if (!contact.email || contact.status !== 'active') return false;
  if (contact.verification === 'invalid') return false;
  if (contact.emailKind === 'guessed' && requireVerifiedGuesses) return contact.verification === 'valid';
  return true;
}
