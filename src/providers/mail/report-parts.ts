import { type MimePart, mimeParts, parseHeaderBlock } from './mime-parts.js';

/** The machine-readable parts of a report message (RFC 6522) and its attached original. */
export interface ReportParts {
  deliveryStatus?: string;
  feedbackReport?: string;
  dispositionNotification?: string;
  attachedHeaders?: Record<string, string>;
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
    attachments: parts
      .filter((p) => p.filename || !p.type.startsWith('text/'))
      .map((p) => ({ type: p.type, filename: p.filename })),
  };
}

/** Message-ID header lines quoted in a body (bounces that copy the original inline: qmail, Exim, Yahoo). */
export function quotedMessageIds(text: string, own: string | undefined): string[] {
  const found = [...text.matchAll(/^[ \t>]*(?:[\w-]*-)?Message-ID:\s*(<[^<>\s]+>)/gim)].map((m) => m[1]!);
  return [...new Set(found)].filter((id) => id !== own);
}
