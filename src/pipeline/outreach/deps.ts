import type { ApprovalRepo, Transaction } from '../approvals/ports.js';
import type { CompanyRepo } from '../companies/ports.js';
import type { ContactRepo } from '../contacts/ports.js';
import type { DraftRepo, WinRateRepo } from '../drafts/ports.js';
import type { LlmPort } from '../llm/ports.js';
import type { MailIdentity } from './compose-message.js';
import type { SendAlertPort } from './pool/alerts.js';
import type { SendingPolicy } from './pool/policy.js';
import type { PoolMember, SenderRepo, TimeZonePort } from './pool/ports.js';
import type { OutreachRepo, SuppressionRepo } from './ports.js';

export interface SendLimits {
  domainIntervalMinutes: number;
  /** The team's zone (TZ): daily caps count in it, and it stands in when a recipient's location gives no zone. */
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
  /** The sender pool (MAIL_SENDERS, or the one mailbox MAIL_TRANSPORT/MAIL_FROM describe), in preference order. */
  senders: PoolMember[];
  /** Pause state, warm-up start and daily reservations of each sender. */
  senderState: SenderRepo;
  /** What every message carries whoever sends it (`from` is the first sender's, for display). */
  identity: MailIdentity;
  limits: SendLimits;
  /** Send windows, pacing, warm-up and the automatic pause, from directives/outreach.md. */
  policy: () => SendingPolicy;
  /** Recipient locations to IANA zones (send windows in their local time). */
  zones: TimeZonePort;
  alerts: SendAlertPort;
  /** Follow-up touches after the first email (day offsets from the first send). */
  touches: () => FollowUpTouch[];
  llm: LlmPort;
  /** The prompt for polishing a follow-up, from directives/outreach.md. */
  followUpPrompt: () => string;
  tx: Transaction;
  now: () => Date;
  /** Jitter for retries and for spreading sends across a window. */
  random: () => number;
}
