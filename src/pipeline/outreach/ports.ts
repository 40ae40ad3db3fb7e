export type SendStatus = 'scheduled' | 'intended' | 'sent' | 'failed' | 'uncertain' | 'cancelled' | 'skipped';
export type SequenceStatus = 'active' | 'paused' | 'stopped' | 'completed';

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

export interface TransportResult {
  /** Transport's own answer (SMTP response, SendGrid status, file path). */
  response: string;
  accepted: boolean;
}

/** Sends (or, for the outbox, writes) one message. Implemented in src/providers/mail. */
export interface MailTransport {
  readonly name: 'outbox' | 'smtp' | 'sendgrid' | string;
  send(message: OutgoingMessage): Promise<TransportResult>;
  /** After a crash between "intended" and "confirmed": did this message leave? 'unknown' when it cannot tell. */
  reconcile(messageId: string): Promise<'sent' | 'not_sent' | 'unknown'>;
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
  occurredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewOutreachEvent = Partial<Omit<OutreachEventRecord, 'id' | 'createdAt' | 'updatedAt'>> &
  Pick<OutreachEventRecord, 'kind' | 'status'>;

/** Sequences and their events (implemented in src/db). */
export interface OutreachRepo {
  createSequence(
    input: Omit<SequenceRecord, 'id' | 'createdAt' | 'updatedAt' | 'status' | 'stopReason' | 'pausedUntil'>,
    at: Date,
  ): Promise<SequenceRecord>;
  getSequence(id: number): Promise<SequenceRecord | undefined>;
  sequenceForDraft(draftId: number): Promise<SequenceRecord | undefined>;
  sequencesForContact(contactId: number): Promise<SequenceRecord[]>;
  updateSequence(
    id: number,
    patch: Partial<Pick<SequenceRecord, 'status' | 'stopReason' | 'pausedUntil'>>,
    at: Date,
  ): Promise<SequenceRecord>;
  listSequences(filter: { status?: SequenceStatus[] }): Promise<SequenceRecord[]>;
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
