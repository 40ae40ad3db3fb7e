/**
 * The CRM, as leadbot needs it: look companies up before Gate 1, and write what happened (companies, contacts,
 * emails, replies, deals, opt-outs, bounces). HubSpot implements it in src/providers/crm/hubspot; Pipedrive or
 * Attio would implement the same port without the pipeline changing.
 */

import type { CRM_WRITE_STATUSES } from '../statuses.js';

/** A company the CRM holds that matches one of leadbot's. */
export interface CrmCompanyMatch {
  crmId: string;
  name: string | null;
  domain: string | null;
  url: string | null;
  lifecycleStage: string | null;
  /** Became a customer on this date (or null when not a customer, or unknown). */
  customerSince: Date | null;
  ownerId: string | null;
  openDeals: number;
  /** The last call, sales email or meeting logged for someone at the company. */
  lastTouchAt: Date | null;
  createdAt: Date | null;
  /** How the match was made: domain, key (leadbot's own), name_city. */
  matchedBy: 'domain' | 'key' | 'name_city';
}

/** What leadbot asks the CRM about one company (`id` is the caller's, echoed in the answer). */
export interface CrmCompanyQuery {
  id: string;
  /** leadbot's stable key for the company ("domain:acme.example", "name:acme|buffalo"). */
  key: string;
  domain: string | null;
  name: string;
  city: string | null;
}

export interface CrmCompanyInput {
  key: string;
  /** Update this CRM record (leadbot stored its id) rather than finding or creating one. */
  crmId?: string;
  /**
   * The CRM had this company before leadbot (found at Gate 1): only leadbot's key is set on it, so the team's own
   * data (name, owner, lead source) is left as they keep it.
   */
  adopt?: boolean;
  name: string;
  domain: string | null;
  website: string | null;
  phone: string | null;
  address: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
}

export interface CrmContactInput {
  key: string;
  crmId?: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  phone: string | null;
  companyCrmId: string;
}

export interface CrmSaved {
  key: string;
  crmId: string;
  url: string | null;
  created: boolean;
}

export interface CrmPerson {
  email: string;
  name?: string | null;
}

/** An email on a contact's timeline: one leadbot sent, or a reply it received. */
export interface CrmEmailInput {
  key: string;
  direction: 'outgoing' | 'incoming';
  contactCrmId: string;
  companyCrmId: string | null;
  at: Date;
  subject: string;
  body: string;
  from: CrmPerson;
  to: CrmPerson;
}

export interface CrmDealInput {
  key: string;
  name: string;
  companyCrmId: string;
  contactCrmId: string;
  ownerId: string | null;
}

export interface CrmTaskInput {
  key: string;
  subject: string;
  body: string;
  dueAt: Date;
  ownerId: string | null;
  dealCrmId: string;
  contactCrmId: string;
}

/** What the token may do, for doctor and `crm status`. */
export interface CrmAccess {
  ok: boolean;
  /** One line: "portal 123456 · 9 scopes" or why not. */
  detail: string;
  portalId: string | null;
  /** Null when the CRM would not list them. */
  scopes: string[] | null;
  /** Scopes leadbot needs that the token lacks (by what they are for). */
  missing: { scope: string; for: string }[];
  /** Optional scopes that are absent (leadbot works around them). */
  optional: { scope: string; for: string }[];
}

/** Options for writes that create records the CRM cannot upsert by a key: look first when an attempt may have landed. */
export interface CreateOptions {
  /** An earlier attempt may have created it (a crash, a lost answer): search before creating. */
  reconcile: boolean;
}

export interface CrmPort {
  /** Stored with every check, link and write ("hubspot"). */
  readonly provider: string;
  /** What people read ("HubSpot"). */
  readonly label: string;
  /** Matching CRM companies per query id, batched as the API allows. */
  findCompanies(queries: CrmCompanyQuery[]): Promise<Map<string, CrmCompanyMatch[]>>;
  /** An owner's display name ("Dana Whitfield"), or undefined. */
  ownerName(ownerId: string): Promise<string | undefined>;
  /** Creates or updates companies (by stored id, leadbot's unique key, or search then create). */
  saveCompanies(inputs: CrmCompanyInput[]): Promise<CrmSaved[]>;
  /** Creates or updates contacts by email, and associates each with its company. */
  saveContacts(inputs: CrmContactInput[]): Promise<CrmSaved[]>;
  /** Logs emails on contacts' timelines; one result per input created or found. */
  logEmails(inputs: CrmEmailInput[], options: CreateOptions): Promise<CrmSaved[]>;
  saveDeal(input: CrmDealInput, options: CreateOptions): Promise<CrmSaved>;
  createTask(input: CrmTaskInput, options: CreateOptions): Promise<CrmSaved>;
  /** Opts an address out of all email through the CRM's subscription API ('absent' when it has no such contact). */
  optOut(email: string): Promise<'done' | 'absent'>;
  /** Records a hard bounce on the contact (a property other tools can filter on). */
  markBounced(contact: { crmId: string | null; email: string }, at: Date): Promise<'done' | 'absent'>;
  /**
   * Companies sharing this domain (search is eventually consistent: a duplicate may appear later). When leadbot
   * created `ours` and an older one exists, merges ours into it and returns the survivor's id.
   */
  reconcileCompany(input: { crmId: string; domain: string }): Promise<{ crmId: string; merged: boolean }>;
  access(): Promise<CrmAccess>;
  /** When the CRM may be asked again after refusing for its rate limits (undefined: no refusal now). */
  retryAt(): Date | undefined;
}

export type CrmCheckOutcome = 'clear' | 'known' | 'failed';

/** One lookup's result, kept per company. */
export interface CrmCheckRecord {
  companyId: number;
  provider: string;
  outcome: CrmCheckOutcome;
  crmCompanyId: string | null;
  url: string | null;
  matchedBy: string | null;
  matches: number;
  customer: boolean;
  customerSince: Date | null;
  lifecycleStage: string | null;
  ownerId: string | null;
  ownerName: string | null;
  openDeals: number;
  lastTouchAt: Date | null;
  /** Why the check failed (outcome 'failed'). */
  error: string | null;
  checkedAt: Date;
}

export interface CrmLinkRecord {
  provider: string;
  kind: string;
  localKey: string;
  crmId: string;
  url: string | null;
  createdByLeadbot: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const CRM_WRITE_KINDS = [
  'company',
  'contact',
  'email',
  'reply',
  'deal',
  'unsubscribe',
  'bounce',
  'dedupe',
] as const;
export type CrmWriteKind = (typeof CRM_WRITE_KINDS)[number];
export type CrmWriteStatus = (typeof CRM_WRITE_STATUSES)[number];

export interface CrmWriteRecord {
  id: number;
  provider: string;
  kind: CrmWriteKind;
  key: string;
  payload: Record<string, unknown>;
  status: CrmWriteStatus;
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  lastError: string | null;
  result: Record<string, unknown> | null;
  createdAt: Date;
  updatedAt: Date;
  doneAt: Date | null;
}

export interface NewCrmWrite {
  kind: CrmWriteKind;
  key: string;
  payload: Record<string, unknown>;
  /** Not before this time (a duplicate check a while after a create). */
  notBefore?: Date;
}

/** What happened in leadbot since `since` that the CRM should hear about (the outbox is filled from it). */
export interface CrmFacts {
  /** Companies approved at Gate 1. */
  companies: number[];
  /** Primary contacts with an address, at approved companies. */
  contacts: { contactId: number; companyId: number }[];
  /** Emails that left (first emails and follow-ups). */
  sends: { eventId: number; contactId: number; companyId: number }[];
  /** Human replies matched to a send. */
  replies: { eventId: number; contactId: number; companyId: number; sequenceId: number; classification: string }[];
  /** Opt-outs: unsubscribe links, "remove me" replies, complaints. */
  optOuts: { eventId: number; contactId: number | null; email: string }[];
  /** Contacts whose address hard-bounced. */
  bounces: { contactId: number; email: string }[];
}

export interface CrmWriteCounts {
  pending: number;
  running: number;
  failed: number;
  done: number;
  oldestWaitingAt: Date | null;
  byKind: Record<string, number>;
}

/** Checks, links and the outbox (implemented in src/db for SQLite and PostgreSQL). */
export interface CrmRepo {
  saveCheck(check: CrmCheckRecord): Promise<void>;
  getChecks(companyIds: number[]): Promise<CrmCheckRecord[]>;
  countChecks(provider: string): Promise<Record<CrmCheckOutcome, number>>;
  getLink(provider: string, kind: string, localKey: string): Promise<CrmLinkRecord | undefined>;
  /** Creates or repoints the link for (provider, kind, localKey). */
  saveLink(link: Omit<CrmLinkRecord, 'createdAt' | 'updatedAt'>, at: Date): Promise<CrmLinkRecord>;
  countLinks(provider: string): Promise<Record<string, number>>;
  /** Adds writes whose key is new; a key already queued (in any status) is left as it is. Returns how many were new. */
  enqueue(provider: string, writes: NewCrmWrite[], at: Date): Promise<number>;
  /**
   * Takes up to `limit` writes that are due (pending, or running with an expired lease, in id order), marks them
   * running until `leaseUntil` and counts the attempt. Two instances never take the same write.
   */
  claim(
    provider: string,
    input: { now: Date; leaseUntil: Date; limit: number; kinds?: CrmWriteKind[] },
  ): Promise<CrmWriteRecord[]>;
  /**
   * Ends an attempt: done, failed for good, or pending again at `nextAttemptAt`. Only the attempt that holds the
   * write ends it: when its lease ran out and another instance took the write over (the claim counted a new attempt),
   * nothing changes and this returns false.
   */
  finish(
    write: Pick<CrmWriteRecord, 'id' | 'attempts'>,
    outcome: {
      status: 'done' | 'failed' | 'pending';
      result?: Record<string, unknown> | null;
      lastError?: string | null;
      nextAttemptAt?: Date;
      /** A wait that was not an attempt (a dependency not written yet) gives the attempt back. */
      refundAttempt?: boolean;
    },
    at: Date,
  ): Promise<boolean>;
  getWrite(provider: string, key: string): Promise<CrmWriteRecord | undefined>;
  listWrites(filter: { provider: string; status?: CrmWriteStatus[]; limit?: number }): Promise<CrmWriteRecord[]>;
  countWrites(provider: string): Promise<CrmWriteCounts>;
  /** Puts failed writes back in the queue, due now. */
  retryFailed(provider: string, at: Date): Promise<number>;
  /** What happened since `since` (updated rows), for the planner. */
  facts(since: Date): Promise<CrmFacts>;
}

/**
 * leadbot's local keys for its records in the CRM: a company's or contact's link (and the outbox write about it), and
 * the deal and task opened for a sequence's positive reply. The planner, the drain and the surfaces read them alike.
 */
export const crmLocalKey = {
  company: (companyId: number) => `company:${companyId}`,
  contact: (contactId: number) => `contact:${contactId}`,
  sequence: (sequenceId: number) => `sequence:${sequenceId}`,
};

/** Reply classes logged on the contact's timeline: what a person wrote. */
export const REPLY_FACT_CLASSES = ['positive', 'neutral', 'negative', 'question', 'unsubscribe'] as const;
