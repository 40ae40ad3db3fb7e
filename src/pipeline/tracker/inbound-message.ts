/** What the tracker needs from an inbound message, whatever it came from (IMAP, an .eml file). */
export interface InboundMessage {
  /** The sender's address, lower-cased; empty for `From: <>` or no From (normal for bounces). */
  from: string;
  fromName?: string;
  to: string[];
  subject: string;
  text: string;
  messageId?: string;
  inReplyTo?: string;
  references: string[];
  date?: Date;
  /** Lower-cased header names → values (first occurrence). */
  headers: Record<string, string>;
  contentType?: string;
  /** The report-type of a multipart/report (RFC 6522): delivery-status, feedback-report, disposition-notification… */
  reportType?: string;
  /** Text of message/delivery-status parts (DSNs, RFC 3464). */
  deliveryStatus?: string;
  /** Text of message/feedback-report parts (ARF complaints, RFC 5965). */
  feedbackReport?: string;
  /** Text of message/disposition-notification parts (read receipts, RFC 8098). */
  dispositionNotification?: string;
  /** Headers of an attached original message, or of one copied inline with its Message-ID (DSNs, complaints). */
  attachedHeaders?: Record<string, string>;
  /** The iTIP method of a calendar part (RFC 5546): REPLY is a calendar client accepting or declining. */
  calendarMethod?: string;
  /** Message-IDs of the attached or inline-quoted original (how a bounce finds the send it reports on). */
  originalMessageIds?: string[];
  /** Attachments by type and file name (DMARC aggregate reports arrive as zip or gzip files). */
  attachments?: { type: string; filename?: string }[];
}
