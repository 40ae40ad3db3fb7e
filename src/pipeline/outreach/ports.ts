import type { SEND_STATUSES, SEQUENCE_STATUSES } from '../statuses.js';

export type SendStatus = (typeof SEND_STATUSES)[number];
export type SequenceStatus = (typeof SEQUENCE_STATUSES)[number];

/** A fully built message, ready for any transport. */
export interface OutgoingMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  headers: Record<string, string>;
  date: Date;
}

/**
 * What a transport says happened to one message, decided from the protocol (SMTP stage and reply code, HTTP status):
 * - `sent`: the server took it (SMTP 250 after DATA, HTTP 2xx, the .eml written);
 * - `retry`: it certainly did not leave and may later (connection refused, DNS or TLS failure, SMTP 4xx, HTTP 429 or
 *   5xx); `retryAfterMs` when the server said how long to wait;
 * - `recipient_refused`: the server refused this recipient for good (SMTP 5xx to RCPT, the API's per-recipient error);
 * - `sender_broken`: nothing can go from this sender until a person fixes it (SMTP 535 at AUTH, 5xx to MAIL FROM, API
 *   401/403, a message the API rejects as malformed); says nothing about the recipient;
 * - `uncertain`: the message may have left and no answer came (connection lost after the end of DATA, an API request
 *   sent with no reply).
 */
export type SendOutcome =
  | { status: 'sent'; response: string }
  | { status: 'retry'; reason: string; retryAfterMs?: number }
  | { status: 'recipient_refused'; reason: string }
  | { status: 'sender_broken'; reason: string }
  | { status: 'uncertain'; reason: string };

/** What `verify` found: connected, said EHLO, upgraded with STARTTLS and authenticated, without sending. */
export type VerifyResult = { ok: true; detail: string } | { ok: false; outcome: SendOutcome['status']; detail: string };

/** Sends (or, for the outbox, writes) one message. Implemented in src/providers/mail. */
export interface MailTransport {
  readonly name: 'outbox' | 'smtp' | 'sendgrid' | string;
  /** Never throws for a transport failure: the outcome says what happened. A throw is treated as uncertain. */
  send(message: OutgoingMessage): Promise<SendOutcome>;
  /** After a crash between "intended" and "confirmed": did this message leave? 'unknown' when it cannot tell. */
  reconcile(messageId: string): Promise<'sent' | 'not_sent' | 'unknown'>;
  /** Checks the connection and credentials without sending (doctor). */
  verify?(): Promise<VerifyResult>;
}

export interface SequenceRecord {
  id: number;
  draftId: number;
  contactId: number;
  companyId: number;
  industry: string;
  angle: string;
  status: SequenceStatus;
  stopReason: string | null;
  pausedUntil: Date | null;
  approvedBy: string | null;
  /** The sender the sequence stays on from its first email that (may have) left; null before. */
  sender: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface OutreachEventRecord {
  id: number;
  sequenceId: number | null;
  draftId: number | null;
  contactId: number | null;
  companyId: number | null;
  kind: 'send' | 'reply' | 'bounce' | 'unsubscribe' | 'auto_reply';
  touch: number | null;
  idempotencyKey: string | null;
  status: SendStatus | 'received';
  scheduledFor: Date | null;
  mailbox: string | null;
  recipient: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string | null;
  subject: string | null;
  body: string | null;
  transport: string | null;
  transportResponse: string | null;
  classification: string | null;
  classificationSource: 'rules' | 'llm' | 'fallback' | null;
  detail: Record<string, unknown> | null;
  error: string | null;
  /** Sends: the sender (MAIL_SENDERS name) used or chosen, and how many transport attempts were made. */
  sender: string | null;
  attempts: number;
  occurredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewOutreachEvent = Partial<Omit<OutreachEventRecord, 'id' | 'createdAt' | 'updatedAt'>> &
  Pick<OutreachEventRecord, 'kind' | 'status'>;

/** Sequences and their events (implemented in src/db). */
export interface OutreachRepo {
  createSequence(
    input: Omit<SequenceRecord, 'id' | 'createdAt' | 'updatedAt' | 'status' | 'stopReason' | 'pausedUntil' | 'sender'>,
    at: Date,
  ): Promise<SequenceRecord>;
  getSequence(id: number): Promise<SequenceRecord | undefined>;
  sequenceForDraft(draftId: number): Promise<SequenceRecord | undefined>;
  sequencesForContact(contactId: number): Promise<SequenceRecord[]>;
  updateSequence(
    id: number,
    patch: Partial<Pick<SequenceRecord, 'status' | 'stopReason' | 'pausedUntil' | 'sender'>>,
    at: Date,
  ): Promise<SequenceRecord>;
  listSequences(filter: { status?: SequenceStatus[]; sender?: string }): Promise<SequenceRecord[]>;
  /** Inserts an event; with an idempotency key that exists already, returns the existing row and `created: false`. */
  insertEvent(event: NewOutreachEvent, at: Date): Promise<{ event: OutreachEventRecord; created: boolean }>;
  getEvent(id: number): Promise<OutreachEventRecord | undefined>;
  getEventByKey(key: string): Promise<OutreachEventRecord | undefined>;
  updateEvent(
    id: number,
    patch: Partial<Omit<OutreachEventRecord, 'id' | 'createdAt'>>,
    at: Date,
  ): Promise<OutreachEventRecord>;
  /** Conditional transition: only when the event is currently in `from`. Returns whether it changed. */
  transitionEvent(
    id: number,
    from: OutreachEventRecord['status'][],
    patch: Partial<OutreachEventRecord>,
    at: Date,
  ): Promise<boolean>;
  eventsForSequence(sequenceId: number): Promise<OutreachEventRecord[]>;
  eventsForContact(contactId: number): Promise<OutreachEventRecord[]>;
  /** Send events in these statuses, oldest due first. */
  listSends(filter: { status: SendStatus[]; dueBefore?: Date; limit?: number }): Promise<OutreachEventRecord[]>;
  findSendByMessageId(messageIds: string[]): Promise<OutreachEventRecord | undefined>;
  findSendsToRecipient(email: string): Promise<OutreachEventRecord[]>;
  /** An inbound event (reply, bounce, …) already recorded with this Message-ID. */
  findInbound(messageId: string): Promise<OutreachEventRecord | undefined>;
  /** Sends that left (status sent/intended/uncertain) from `mailbox` in [from, to). */
  countSends(filter: { mailbox: string; from: Date; to: Date }): Promise<number>;
  lastSendToDomain(domain: string): Promise<OutreachEventRecord | undefined>;
  /**
   * A sender's last `limit` sends that got a verdict (sent, or refused for the recipient), newest first: the
   * automatic pause reads its hard-bounce rate from them (`classification` 'hard_bounce').
   */
  recentSendsFrom(sender: string, limit: number): Promise<OutreachEventRecord[]>;
  /** Newest first. `between` is a half-open window on one timestamp (sends by occurredAt, inbound by createdAt). */
  listEvents(filter: {
    kind?: OutreachEventRecord['kind'][];
    since?: Date;
    between?: { from: Date; to: Date; by: 'occurredAt' | 'createdAt' };
    limit?: number;
  }): Promise<OutreachEventRecord[]>;
  /** How many events of these kinds (and statuses) exist. */
  countEvents(filter: {
    kind: OutreachEventRecord['kind'][];
    status?: OutreachEventRecord['status'][];
  }): Promise<number>;
}

export interface SuppressionRecord {
  id: number;
  kind: 'email' | 'domain';
  value: string;
  reason: string;
  source: string;
  createdBy: string | null;
  createdAt: Date;
}

export interface SuppressionRepo {
  add(
    entry: { kind: 'email' | 'domain'; value: string; reason: string; source: string; createdBy?: string | null },
    at: Date,
  ): Promise<SuppressionRecord>;
  /** The entry that blocks this address (exact address or its domain), if any. */
  match(email: string): Promise<SuppressionRecord | undefined>;
  list(limit?: number): Promise<SuppressionRecord[]>;
}
