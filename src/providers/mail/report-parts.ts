import { type MimePart, mimeParts, parseHeaderBlock } from './mime-parts.js';

/** The machine-readable parts of a report message (RFC 6522) and its attached original. */
export interface ReportParts {
  deliveryStatus?: string;
  feedbackReport?: string;
  dispositionNotification?: string;
  attachedHeaders?: Record<string, string>;
  /** The iTIP method of a text/calendar part (RFC 5546): REPLY is a calendar client answering an invitation. */
  calendarMethod?: string;
  attachments: { type: string; filename?: string }[];
}

const ORIGINAL_TYPES = new Set([
  'message/rfc822',
  'message/global',
  'text/rfc822-headers',
  'message/rfc822-headers',
  'message/global-headers',
]);

const joined = (parts: MimePart[], types: string[]) => {
  const texts = parts.filter((p) => types.includes(p.type)).map((p) => p.body.toString('utf8'));
  return texts.length > 0 ? texts.join('\n\n') : undefined;
};

/**
 * The method parameter of a calendar part, or its METHOD property when the parameter is missing. Outlook and some
 * gateways send the invitation answer as application/ics or an .ics attachment rather than text/calendar.
 */
function calendarMethod(parts: MimePart[]): string | undefined {
  const part = parts.find(
    (p) => p.type === 'text/calendar' || p.type === 'application/ics' || /\.ics$/i.test(p.filename ?? ''),
  );
  if (!part) return undefined;
  const method = part.params.method ?? /^METHOD:(\S+)/im.exec(part.body.toString('utf8'))?.[1];
  return method?.toUpperCase();
}

/** Report parts found anywhere in the message (some gateways wrap the report in multipart/mixed). */
export function reportParts(source: Buffer | string): ReportParts {
  const parts = mimeParts(source);
  const original = parts.find((p) => ORIGINAL_TYPES.has(p.type));
  const head = original?.body.toString('utf8').split(/\r?\n\r?\n/)[0];
  return {
    deliveryStatus: joined(parts, ['message/delivery-status', 'message/global-delivery-status']),
    feedbackReport: joined(parts, ['message/feedback-report']),
    dispositionNotification: joined(parts, [
      'message/disposition-notification',
      'message/global-disposition-notification',
    ]),
    attachedHeaders: head ? parseHeaderBlock(head) : undefined,
    calendarMethod: calendarMethod(parts),
    attachments: parts
      .filter((p) => p.filename || !p.type.startsWith('text/'))
      .map((p) => ({ type: p.type, filename: p.filename })),
  };
}

/**
 * Message-ID header lines quoted in a body (bounces that copy the original inline: qmail, Exim, Yahoo; gateways that
 * label it "Original Message-ID").
 */
export function quotedMessageIds(text: string, own: string | undefined): string[] {
  const found = [...text.matchAll(/^[ \t>]*(?:original[ -]|[\w-]*-)?Message-ID:\s*(<[^<>\s]+>)/gim)].map((m) => m[1]!);
  return [...new Set(found)].filter((id) => id !== own);
}

const HEADER_LINE = /^[!-9;-~]+:[ \t]/;

/**
 * The header block of an original copied inline into the body (qmail's "Below this line is a copy", abuse desks
 * forwarding a complaint): the run of header lines around a quoted Message-ID line. A mail client's quote header
 * ("From: … Sent: … To: …") carries no Message-ID, so a person's quoted history is not taken for an original.
 */
export function inlineOriginalHeaders(text: string): Record<string, string> | undefined {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const at = lines.findIndex((l) => /^Message-ID:\s*<[^<>\s]+>\s*$/i.test(l));
  if (at === -1) return undefined;
  const inBlock = (l: string) => HEADER_LINE.test(l) || /^[ \t]+\S/.test(l);
  let start = at;
  while (start > 0 && inBlock(lines[start - 1]!)) start--;
  let end = at + 1;
  while (end < lines.length && inBlock(lines[end]!)) end++;
  return parseHeaderBlock(lines.slice(start, end).join('\n'));
}
