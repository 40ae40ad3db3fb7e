import type { InboundMessage } from '../inbound-message.js';
import type { RuleVerdict } from '../verdict.js';
import { isAutomatic } from './automatic.js';
import {
  DELAY_SUBJECT,
  DELAY_TEXT,
  FAILURE_SUBJECT,
  FAILURE_TEXT,
  fromMailSystem,
  hasMtaMarkers,
  STATUS_IN_TEXT,
  SUCCESS_SUBJECT,
  SUCCESS_TEXT,
} from './bounce-signals.js';
import { parseDeliveryStatus, type RecipientReport, reportOutcome } from './delivery-report.js';
import { explanatoryText, failedRecipientFromText, reportAddress } from './recipient.js';
import { ADDRESS_GONE, enhancedStatus, isHardFailure } from './status-codes.js';

type Outcome = 'failed' | 'delayed' | 'delivered';

const REPLY_PREFIX = /^\s*(re|aw|sv|antw|r|rif|ref|res|vs|wg|fw|fwd|tr|rv)\s*:/i;
/** Said when a failure is final, unlike "you'll be notified if the delivery fails permanently". */
const PERMANENT =
  /permanent (error|failure|fatal)|(failed|rejected) permanently|giving up|gave up|time(out)? (exceeded|expired)/i;
const NDR_PREFIX =
  /^\s*(undeliverable|undelivered|not delivered|unzustellbar|nicht zustellbar|non remis|non distribuable|no entregado|no se puede entregar|non recapitabile|onbestelbaar|olevererbart|não entregue|kan ikke leveres|returned mail|delivery (failure|failed)|mail delivery failed)\s*:/i;

/** Whether a message is a delivery report at all: RFC 3464 first, then what non-standard reports look like. */
function isDeliveryReport(msg: InboundMessage, reports: RecipientReport[]): boolean {
  if (
    msg.reportType === 'delivery-status' ||
    msg.reportType === 'global-delivery-status' ||
    reports.length > 0 ||
    'x-failed-recipients' in msg.headers ||
    'x-ms-exchange-message-is-ndr' in msg.headers
  )
    return true;
  // "Undeliverable: <our subject>" is how an NDR titles itself; a person answering one writes "Re:" before it.
  if (NDR_PREFIX.test(msg.subject)) return true;
  const subjectSays =
    FAILURE_SUBJECT.test(msg.subject) ||
    (DELAY_SUBJECT.test(msg.subject) &&
      /deliver|mail|zustell|remise|entrega|consegna|bezorg|leverans/i.test(msg.subject));
  const markers = hasMtaMarkers(msg.text);
  const textSays = FAILURE_TEXT.test(msg.text) || DELAY_TEXT.test(msg.text) || ADDRESS_GONE.test(msg.text);
  const code = STATUS_IN_TEXT.test(msg.text);
  const automatic = isAutomatic(msg);
  if (fromMailSystem(msg)) return subjectSays || markers || textSays || SUCCESS_SUBJECT.test(msg.subject);
  // A failure subject over an attached or copied original, or over failure wording that names the failed address in a
  // message that answers nothing ("Nondeliverable mail", not "Re: …"), is a report about that message, whoever signs
  // it. A person writing about "undeliverable invoices" names no failed recipient.
  const carriesOriginal = Boolean(msg.attachedHeaders);
  const reportLike = !REPLY_PREFIX.test(msg.subject) && failedRecipientFromText(msg) !== undefined;
  return (
    (subjectSays && (markers || code || carriesOriginal || ((automatic || reportLike) && textSays))) ||
    (markers && code && textSays)
  );
}

/** Failure, delay or success for a report without usable RFC 3464 fields: subject first, then the text. */
function textOutcome(msg: InboundMessage): Outcome {
  if (SUCCESS_SUBJECT.test(msg.subject) && !FAILURE_TEXT.test(msg.text)) return 'delivered';
  if (DELAY_SUBJECT.test(msg.subject) && !FAILURE_SUBJECT.test(msg.subject)) return 'delayed';
  if (FAILURE_SUBJECT.test(msg.subject) || FAILURE_TEXT.test(msg.text)) {
    // A failure subject over retry wording is a delay when no code or a 4xx code says otherwise ("Delivery incomplete").
    const status = enhancedStatus(msg.text);
    return !status?.startsWith('5') && DELAY_TEXT.test(msg.text) && !PERMANENT.test(msg.text) ? 'delayed' : 'failed';
  }
  if (DELAY_TEXT.test(msg.text)) return 'delayed';
  if (SUCCESS_TEXT.test(msg.text)) return 'delivered';
  return 'failed';
}

/**
 * Reads a delivery report: RFC 3464 (multipart/report; report-type=delivery-status: Action and Status per recipient)
 * or the plain-text formats MTAs and gateways send. Failure is a bounce (hard when the address is gone), a delay or a
 * success notice is not; the failed recipient comes from the report, X-Failed-Recipients or the text.
 */
export function deliveryVerdict(msg: InboundMessage): RuleVerdict | undefined {
  const reports = parseDeliveryStatus(
    msg.deliveryStatus ?? (/^final-recipient:/im.test(msg.text) ? msg.text : undefined),
  );
  if (!isDeliveryReport(msg, reports)) return undefined;
  const outcome = reportOutcome(reports) ?? textOutcome(msg);
  const failed = reports.find((r) => r.action === 'failed' || (!r.action && r.status?.startsWith('5'))) ?? reports[0];
  const recipient =
    reportAddress(failed?.finalRecipient) ?? reportAddress(failed?.originalRecipient) ?? failedRecipientFromText(msg);
  const diagnostic = failed?.diagnostic || explanatoryText(msg.text);
  const detailed = enhancedStatus(diagnostic);
  // "5.0.0" says only "failed"; the diagnostic often carries the specific code (5.1.1).
  const status =
    failed?.status && !(failed.status.endsWith('.0.0') && detailed?.[0] === failed.status[0])
      ? failed.status
      : (detailed ?? failed?.status ?? enhancedStatus(msg.text));
  if (outcome === 'delayed')
    return {
      classification: 'delay',
      reason: `delivery delayed${status ? ` (${status})` : ''}`,
      failedRecipient: recipient,
      status,
    };
  if (outcome === 'delivered')
    return {
      classification: 'delivered',
      reason: `delivery notice${failed?.action ? ` (${failed.action})` : ''}`,
      failedRecipient: recipient,
      status,
    };
  const hard = isHardFailure(status, diagnostic);
  return {
    classification: 'bounce',
    reason: `${hard ? 'hard' : 'soft'} bounce${status ? ` (${status})` : ''}`,
    hardBounce: hard,
    failedRecipient: recipient,
    status,
  };
}
