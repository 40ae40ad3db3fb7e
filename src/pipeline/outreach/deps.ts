import type { ApprovalRepo, Transaction } from '../approvals/ports.js';
import type { CompanyRepo } from '../companies/ports.js';
import type { ContactRepo } from '../contacts/ports.js';
import type { DraftRepo, WinRateRepo } from '../drafts/ports.js';
import type { LlmPort } from '../llm/ports.js';
import type { MailIdentity } from './compose-message.js';
import type { MailTransport, OutreachRepo, SuppressionRepo } from './ports.js';

export interface SendLimits {
  dailySendCap: number;
  domainIntervalMinutes: number;
  timeZone: string;
  requireVerifiedGuesses: boolean;
  /** An "intended" send older than this is reconciled (the process that started it is gone). */
  reconcileAfterMs: number;
}

export interface FollowUpTouch {
  day: number;
  goal: string;
  template: string;
}

/** Everything the outreach stage needs, as ports. */
export interface OutreachDeps {
  outreach: OutreachRepo;
  suppressions: SuppressionRepo;
  approvals: ApprovalRepo;
  drafts: DraftRepo;
  contacts: ContactRepo;
  companies: CompanyRepo;
  winRates: WinRateRepo;
  transport: MailTransport;
  identity: MailIdentity;
  limits: SendLimits;
  /** Follow-up touches after the first email (day offsets from the first send). */
  touches: () => FollowUpTouch[];
  llm: LlmPort;
  /** The prompt for polishing a follow-up, from directives/outreach.md. */
  followUpPrompt: () => string;
  tx: Transaction;
  now: () => Date;
}
