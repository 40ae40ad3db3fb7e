/** Why an inbound message is waiting for a person: it could not be read, or it matched no send. */
export type InboundIssueReason = 'unreadable' | 'unmatched';

export interface InboundIssueRecord {
  id: number;
  key: string;
  reason: InboundIssueReason;
  /** What went wrong, in a sentence ("bounce for pat@x.example: no send to that address"). */
  detail: string;
  /** Where it came from: 'imap', 'file', 'workspace'… */
  source: string;
  messageId: string | null;
  sender: string | null;
  subject: string | null;
  classification: string | null;
  eventId: number | null;
  /** The raw message (unreadable ones), cut to a size a person can open. */
  raw: string | null;
  receivedAt: Date | null;
  createdAt: Date;
}

export type NewInboundIssue = Omit<InboundIssueRecord, 'id' | 'createdAt'>;

/** Messages kept for a person to look at (implemented in src/db). */
export interface InboundIssueRepo {
  /** Keeps one message; a second call with the same key returns the first record. */
  record(issue: NewInboundIssue, at: Date): Promise<InboundIssueRecord>;
  get(id: number): Promise<InboundIssueRecord | undefined>;
  /** Newest first. */
  list(filter?: { since?: Date; limit?: number }): Promise<InboundIssueRecord[]>;
  count(filter?: { since?: Date }): Promise<number>;
}
