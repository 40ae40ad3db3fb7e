/** One leaf of a MIME tree: its type, parameters, file name and decoded body. */
export interface MimePart {
  type: string;
  params: Record<string, string>;
  filename?: string;
  body: Buffer;
}

const MAX_DEPTH = 8;
const MAX_PARTS = 200;

/** Splits a header block into lower-cased names → first value, continuation lines unfolded. */
export function parseHeaderBlock(head: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of head.replace(/\r?\n[ \t]+/g, ' ').matchAll(/^([!-9;-~]+):[ \t]*(.*)$/gm))
    out[m[1]!.toLowerCase()] ??= m[2]!.trim();
  return out;
}

/** `type/subtype; a=b; c="d"` → the type and its parameters (RFC 2045; RFC 2231 continuations joined). */
function parseContentType(value: string | undefined): { type: string; params: Record<string, string> } {
  const [rawType = '', ...rest] = (value ?? '').split(';');
  const params: Record<string, string> = {};
  for (const m of rest.join(';').matchAll(/([\w.*-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g)) {
    const name = m[1]!.toLowerCase().replace(/\*\d*\*?$/, '');
    const val = m[2]!.trim().replace(/^"|"$/g, '');
    params[name] = (params[name] ?? '') + val.replace(/^[\w-]*'[\w-]*'/, '');
  }
  return { type: rawType.trim().toLowerCase() || 'text/plain', params };
}

function decodeQuotedPrintable(text: string): Buffer {
  const bytes: number[] = [];
  const src = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    const hex = src.slice(i + 1, i + 3);
    if (src[i] === '=' && /^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(src.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

function splitHead(raw: string): [string, string] {
  const m = /\r?\n\r?\n/.exec(raw);
  return m ? [raw.slice(0, m.index), raw.slice(m.index + m[0].length)] : [raw, ''];
}

function decodeBody(body: string, encoding: string | undefined): Buffer {
  const enc = (encoding ?? '').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (enc === 'quoted-printable') return decodeQuotedPrintable(body);
  return Buffer.from(body, 'latin1');
}

/**
 * The leaves of a MIME message (multiparts walked, message/rfc822 kept whole as one leaf), for the report parts a
 * bounce or complaint carries (message/delivery-status, message/feedback-report, text/rfc822-headers, …), which
 * mailparser folds into the text or drops. Written here because those parsers expose no part tree; bounded in
 * depth and count, never throws.
 */
export function mimeParts(source: Buffer | string): MimePart[] {
  const parts: MimePart[] = [];
  const walk = (raw: string, depth: number) => {
    if (parts.length >= MAX_PARTS) return;
    const [head, body] = splitHead(raw);
    const headers = parseHeaderBlock(head);
    const { type, params } = parseContentType(headers['content-type']);
    const boundary = params.boundary;
    if (type.startsWith('multipart/') && boundary && depth < MAX_DEPTH) {
      const delimiter = `--${boundary}`;
      const sections = body.split(delimiter).slice(1);
      for (const section of sections) {
        if (section.startsWith('--')) break;
        walk(section.replace(/^[ \t]*\r?\n/, ''), depth + 1);
      }
      return;
    }
    const disposition = parseContentType(headers['content-disposition']);
    const filename = disposition.params.filename ?? params.name;
    parts.push({ type, params, filename, body: decodeBody(body, headers['content-transfer-encoding']) });
  };
  walk(typeof source === 'string' ? source : source.toString('latin1'), 0);
  return parts;
}
