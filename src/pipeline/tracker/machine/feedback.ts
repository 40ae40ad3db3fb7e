import type { InboundMessage } from '../inbound-message.js';
import type { RuleVerdict } from '../verdict.js';
import { fieldAddress } from './delivery-report.js';

const field = (text: string, name: string) =>
  new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t]+.*)*)`, 'im').exec(text)?.[1]?.replace(/\s+/g, ' ').trim();
const REDACTED = /redacted|x{3,}|\*{3,}|^[^@]*@$/i;

/** The complained-about address: Original-Rcpt-To (RFC 5965), then the vendor's header, then the original's To. */
function complainant(msg: InboundMessage, report = ''): string | undefined {
  const candidates = [
    field(report, 'Original-Rcpt-To'),
    field(report, 'Removal-Recipient'),
    msg.headers['x-hmxmroriginalrecipient'],
    msg.attachedHeaders?.to,
  ];
  for (const value of candidates) {
    const address = fieldAddress(value);
    if (address && !REDACTED.test(address)) return address;
  }
  return undefined;
}

const ABUSE_MAILBOX = /^(abuse|fbl|spam|spamreports?|complaints?)([+-].*)?@/i;
const ABUSE_SUBJECT = /\b(spam|abuse|unsolicited)\b.{0,30}\b(report|complaint|notice|notification)\b/i;

/**
 * A complaint forwarded the way abuse desks and reporting services do without ARF: sent to or from an abuse mailbox
 * (RFC 2142) or titled as a spam report, and carrying a copy of the message complained about.
 */
function isForwardedAbuseReport(msg: InboundMessage): boolean {
  const carriesOriginal = Boolean(msg.attachedHeaders) || (msg.originalMessageIds ?? []).length > 0;
  const abuseAddress = [msg.from, ...msg.to].some((a) => ABUSE_MAILBOX.test(a));
  return carriesOriginal && (abuseAddress || ABUSE_SUBJECT.test(msg.subject));
}

/**
 * A complaint forwarded the way abuse desks and reporting services do without ARF. Read after delivery reports, so a
 * gateway's "spam notification" bounce stays a bounce.
 */
export function forwardedAbuseVerdict(msg: InboundMessage): RuleVerdict | undefined {
  if (!isForwardedAbuseReport(msg)) return undefined;
  return {
    classification: 'complaint',
    reason: 'spam complaint (forwarded abuse report)',
    failedRecipient: complainant(msg),
  };
}

/**
 * Feedback-loop reports (ARF, RFC 5965: multipart/report; report-type=feedback-report): abuse, fraud, virus and other
 * are complaints; auth-failure (RFC 6591) and not-spam are reports to ignore.
 */
export function feedbackVerdict(msg: InboundMessage): RuleVerdict | undefined {
  const report =
    msg.feedbackReport ??
    (msg.reportType === 'feedback-report' || /^feedback-type:\s*[\w-]+\s*$/im.test(msg.text) ? msg.text : undefined);
  if (!report) return undefined;
  const type = field(report, 'Feedback-Type')?.toLowerCase().split(/[\s;]/)[0] ?? 'abuse';
  if (type === 'auth-failure' || type === 'not-spam' || type === 'dmarc')
    return { classification: 'report', reason: `feedback report (${type})` };
  return {
    classification: 'complaint',
    reason: `spam complaint (feedback loop: ${type})`,
    failedRecipient: complainant(msg, report),
  };
}

const AGGREGATE_TYPES = /(zip|gzip|x-gzip|tlsrpt|octet-stream)/i;

/**
 * Aggregate reports sent to a domain's rua address: DMARC (RFC 7489 §7.2.1.1, "Report Domain: … Submitter: …",
 * a zip or gzip attachment) and SMTP TLS (RFC 8460). Ignored: they are about the domain, not a person.
 */
export function aggregateReportVerdict(msg: InboundMessage): RuleVerdict | undefined {
  const dmarcSubject = /\breport[- ]domain:\s*\S+/i.test(msg.subject) && /\b(submitter|report-id):/i.test(msg.subject);
  const tls = Boolean(msg.headers['tls-report-domain'] || msg.headers['tls-report-submitter']);
  const files = (msg.attachments ?? []).filter(
    (a) => AGGREGATE_TYPES.test(a.type) && /![^!]+!\d{9,}!\d{9,}|\.xml\.gz$|\.json\.gz$|\.zip$/i.test(a.filename ?? ''),
  );
  // The report file's name (receiver!domain!begin!end) says what it is whatever type the sender gave it (text/xml…).
  const dmarcNamed = (msg.attachments ?? []).some((a) => /![^!]+!\d{9,}!\d{9,}/.test(a.filename ?? ''));
  if (dmarcSubject || tls || dmarcNamed || (files.length > 0 && /\b(dmarc|aggregate|tls) report\b/i.test(msg.subject)))
    return { classification: 'report', reason: tls ? 'SMTP TLS report (ignored)' : 'DMARC aggregate report (ignored)' };
  return undefined;
}
