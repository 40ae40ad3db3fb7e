import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { AppError } from '../../errors.js';
import type { InboundMessage } from '../../pipeline/tracker/reply-text.js';

const firstAddress = (value: AddressObject | AddressObject[] | undefined) => {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value)[0];
};

const allAddresses = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((a) => a.value)
    .map((v) => v.address?.toLowerCase())
    .filter((a): a is string => Boolean(a));

function headerText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(headerText).join(', ');
  if (value && typeof value === 'object') {
    const v = value as { value?: unknown; text?: string; params?: Record<string, string> };
    if (typeof v.text === 'string') return v.text;
    if (typeof v.value === 'string')
      return [v.value, ...Object.entries(v.params ?? {}).map(([k, p]) => `${k}=${p}`)].join('; ');
  }
  return String(value ?? '');
}

function headerMap(parsed: ParsedMail): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of parsed.headers) if (!(key in out)) out[key.toLowerCase()] = headerText(value);
  return out;
}

const ids = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value : value ? value.split(/\s+/) : [])
    .map((s) => s.trim())
    .filter((s) => s.startsWith('<'));

/**
 * Parses a raw RFC 5322 message (an .eml file, an IMAP fetch) into what the tracker reads. DSN parts
 * (message/delivery-status) and attached original headers are kept for bounce matching.
 * @throws AppError('invalid_input') when the bytes are not a mail message.
 */
export async function parseEml(source: Buffer | string): Promise<InboundMessage> {
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(source, { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true });
  } catch (cause) {
    throw new AppError('invalid_input', `Not a readable email message: ${(cause as Error).message}`, { cause });
  }
  const from = firstAddress(parsed.from);
  if (!from?.address && parsed.headers.size === 0)
    throw new AppError('invalid_input', 'Not an email message: no headers and no From address');
  let deliveryStatus: string | undefined;
  let attachedHeaders: Record<string, string> | undefined;
  for (const attachment of parsed.attachments ?? []) {
    const type = attachment.contentType.toLowerCase();
    const text = attachment.content.toString('utf8');
    if (type === 'message/delivery-status' || type === 'message/global-delivery-status') deliveryStatus = text;
    else if (type === 'message/rfc822' || type === 'text/rfc822-headers' || type === 'message/rfc822-headers') {
      const head = text.split(/\r?\n\r?\n/)[0] ?? '';
      attachedHeaders = {};
      for (const m of head.replace(/\r?\n[ \t]+/g, ' ').matchAll(/^([\w-]+):\s*(.*)$/gm))
        attachedHeaders[m[1]!.toLowerCase()] ??= m[2]!.trim();
    }
  }
  const headers = headerMap(parsed);
  const references = [...ids(parsed.references), ...ids(attachedHeaders?.['message-id'])];
  return {
    from: from?.address?.toLowerCase() ?? '',
    fromName: from?.name || undefined,
    to: allAddresses(parsed.to),
    subject: parsed.subject ?? '',
    text: parsed.text ?? (typeof parsed.html === 'string' ? parsed.html.replace(/<[^>]+>/g, ' ') : ''),
    messageId: parsed.messageId,
    inReplyTo: parsed.inReplyTo?.trim(),
    references,
    date: parsed.date,
    headers,
    contentType: headers['content-type'],
    deliveryStatus,
    attachedHeaders,
  };
}
