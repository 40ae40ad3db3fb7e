export const REPLY_CLASSES = [
  'positive',
  'neutral',
  'negative',
  'question',
  'unsubscribe',
  'out_of_office',
  'auto_reply',
  'left_company',
  'bounce',
  'delay',
  'delivered',
  'complaint',
  'report',
] as const;
export type ReplyClass = (typeof REPLY_CLASSES)[number];

/** What a person wrote: only these stop a sequence as a reply, count in win rates and can raise a hot-lead alert. */
export const HUMAN_CLASSES: readonly ReplyClass[] = ['positive', 'neutral', 'negative', 'question', 'unsubscribe'];

/**
 * Machine messages: bounce (delivery failed), delay and delivered (delivery notices, RFC 3464 Action delayed or
 * delivered/relayed/expanded), complaint (a feedback-loop report, RFC 5965), report (DMARC/TLS aggregate reports,
 * ignored), auto_reply (RFC 3834 responders, challenge-response, list and bulk mail) and out_of_office.
 */
export interface RuleVerdict {
  classification: ReplyClass;
  reason: string;
  returnDate?: Date;
  /** Bounces: the address is gone (suppress it) rather than this message failing. */
  hardBounce?: boolean;
  /** Bounces, delays, notices and complaints: the address the report is about. */
  failedRecipient?: string;
  /** Unsubscribes sent by a mail client's unsubscribe button: a person's request, but not a reply. */
  viaLink?: boolean;
  /** The RFC 3463 status code a report gave. */
  status?: string;
}
