import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { AppError } from '../../errors.js';
import type { InboundMessage } from '../../pipeline/tracker/inbound-message.js';
import { inlineOriginalHeaders, quotedMessageIds, reportParts } from './report-parts.js';

const firstAddress = (value: AddressObject | AddressObject[] | undefined) => {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value)[0];
};

const allAddresses = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((a) => a.value)
    .map((v) => v.address?.toLowerCase())
    .filter((a): a is string => Boolean(a));

/** Header names (lower-cased) → the first raw value, unfolded: mailparser folds List-* into one object. */
function headerMap(parsed: ParsedMail): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const name = key.toLowerCase();
    if (name in out) continue;
    out[name] = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
  }
  return out;
}

const ids = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value : value ? value.split(/\s+/) : [])
    .map((s) => s.trim())
    .filter((s) => s.startsWith('<'));

/**
 * Parses a raw RFC 5322 message (an .eml file, an IMAP fetch) into what the tracker reads. Report parts (DSNs,
 * ARF complaints, read receipts) and the attached original's headers are kept for classifying and matching. A
 * message with `From: <>` or no From is read as usual: that is how bounces arrive.
 * @throws AppError('invalid_input') when the bytes are not a mail message.
 */
export async function parseEml(source: Buffer | string): Promise<InboundMessage> {
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(source, { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true });
  } catch (cause) {
    throw new AppError('invalid_input', `Not a readable email message: ${(cause as Error).message}`, { cause });
  }
  if (parsed.headers.size === 0) throw new AppError('invalid_input', 'Not an email message: it has no headers');
  const from = firstAddress(parsed.from);
  const headers = headerMap(parsed);
  const report = reportParts(source);
  const text = parsed.text ?? (typeof parsed.html === 'string' ? parsed.html.replace(/<[^>]+>/g, ' ') : '');
  const attachedHeaders = report.attachedHeaders ?? inlineOriginalHeaders(text);
  const attachedId = ids(attachedHeaders?.['message-id']);
  return {
    from: from?.address?.toLowerCase() ?? '',
    fromName: from?.name || undefined,
    to: allAddresses(parsed.to),
    subject: parsed.subject ?? '',
    text,
    messageId: parsed.messageId,
    inReplyTo: parsed.inReplyTo?.trim(),
    references: ids(parsed.references),
    date: parsed.date,
    headers,
    contentType: headers['content-type'],
    reportType: /report-type=\s*"?([\w-]+)/i.exec(headers['content-type'] ?? '')?.[1]?.toLowerCase(),
    deliveryStatus: report.deliveryStatus,
    feedbackReport: report.feedbackReport,
    dispositionNotification: report.dispositionNotification,
    attachedHeaders,
    calendarMethod: report.calendarMethod,
    originalMessageIds: [...new Set([...attachedId, ...quotedMessageIds(text, parsed.messageId)])],
    attachments: report.attachments,
  };
}
