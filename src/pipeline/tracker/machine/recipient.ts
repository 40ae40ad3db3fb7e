import type { InboundMessage } from '../inbound-message.js';
import { fieldAddress } from './delivery-report.js';

const ADDRESS = /[A-Za-z0-9._%+'=!#$&*/?^`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const SYSTEM_LOCAL =
  /^(mailer-?daemon|mail-?daemon|postmaster|bounces?(\+.*)?|mdaemon|microsoftexchange[0-9a-f]*|abuse|noreply|no-reply|do-?not-?reply)$/i;
/** Where a bounce stops describing and starts quoting the original (qmail, Exim, Sendmail, Exchange, Yahoo). */
const ORIGINAL_START =
  /^(-+ ?(original message|this is a copy|below this line|forwarded message|message header follows)|original message (headers|follows)|(return-path|received|dkim-signature|x-received|message-id|from|date|subject):\s)/im;

/** The part of a bounce that explains, before it quotes the original message. */
export function explanatoryText(text: string): string {
  const cut = ORIGINAL_START.exec(text);
  return cut && cut.index > 0 ? text.slice(0, cut.index) : text;
}

/** Whether an address-like token is really a Message-ID (the exact IDs the message mentions, or ID-shaped local parts). */
function looksLikeId(address: string, ids: Set<string>): boolean {
  if (ids.has(address)) return true;
  const local = address.split('@')[0] ?? '';
  return (local.match(/\d/g)?.length ?? 0) >= 8 || /[=$]/.test(local) || local.length > 40;
}

function messageIds(msg: InboundMessage, text: string): Set<string> {
  const raw = [
    msg.messageId,
    msg.inReplyTo,
    ...msg.references,
    ...(msg.originalMessageIds ?? []),
    msg.attachedHeaders?.['message-id'],
    ...[...text.matchAll(/(?:message-id|in-reply-to|references)[^<\n]{0,20}(<[^>\n]+>)/gi)].map((m) => m[1]),
  ];
  return new Set(raw.filter((v): v is string => Boolean(v)).map((id) => id.replace(/^<|>$/g, '').toLowerCase()));
}

const headerAddresses = (value: string | undefined) => (value?.match(ADDRESS) ?? []).map((a) => a.toLowerCase());

/**
 * The recipient a bounce reports on: X-Failed-Recipients (Exim), then the report's addresses, then addresses in the
 * text before the quoted original, preferring the original's To. Never the sender, a mail-system address or a
 * Message-ID.
 */
export function failedRecipientFromText(msg: InboundMessage): string | undefined {
  const xFailed = headerAddresses(msg.headers['x-failed-recipients'])[0];
  if (xFailed) return xFailed;
  const text = explanatoryText(msg.text);
  const ids = messageIds(msg, msg.text);
  const originalFrom = headerAddresses(msg.attachedHeaders?.from);
  const excluded = new Set([msg.from, ...msg.to, ...originalFrom]);
  const candidates = [...new Set((text.match(ADDRESS) ?? []).map((a) => a.replace(/\.$/, '').toLowerCase()))].filter(
    (a) => !excluded.has(a) && !SYSTEM_LOCAL.test(a.split('@')[0] ?? '') && !looksLikeId(a, ids),
  );
  const originalTo = [...headerAddresses(msg.attachedHeaders?.to), ...headerAddresses(msg.attachedHeaders?.cc)].filter(
    (a) => !excluded.has(a),
  );
  return (
    candidates.find((a) => originalTo.includes(a)) ??
    candidates[0] ??
    (originalTo.length === 1 ? originalTo[0] : undefined)
  );
}

/** `fieldAddress` for a report field, rejecting mail-system addresses. */
export function reportAddress(value: string | undefined): string | undefined {
  const address = fieldAddress(value);
  return address && !SYSTEM_LOCAL.test(address.split('@')[0] ?? '') ? address : undefined;
}
