import type { InboundMessage } from '../inbound-message.js';
import type { RuleVerdict } from '../verdict.js';

const READ_SUBJECT =
  /^\s*((read|not read|gelesen|nicht gelesen|lu|non lu|leído|no leído|letto|non letto|gelezen|niet gelezen|läst|inte läst|lido|não lido)\s*:|return receipt\b)/i;
// Domino's return receipt: "Your document: <subject> was received by: <person> at: <time>".
const READ_TEXT =
  /\b(was read on|was deleted without being read|was received by|wurde am .{0,80} gelesen|ohne gelesen zu werden|a été lu|a été supprimé sans avoir été lu|fue leído|è stato letto|is gelezen|lästes|foi lida)\b/i;

/** Read receipts (RFC 8098 message disposition notifications, Outlook's plain "Read:" and Domino's return receipts). */
export function receiptVerdict(msg: InboundMessage): RuleVerdict | undefined {
  if (
    msg.reportType === 'disposition-notification' ||
    msg.dispositionNotification ||
    (READ_SUBJECT.test(msg.subject) && READ_TEXT.test(msg.text))
  )
    return { classification: 'delivered', reason: 'read receipt' };
  return undefined;
}
