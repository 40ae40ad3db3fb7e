import { httpStatusMeaning } from '../../http-status.js';
import type { SendOutcome } from '../../pipeline/outreach/ports.js';

/** Network errors raised before the request could reach SendGrid: nothing was sent. */
const NOT_SENT =
  /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|EPROTO|ERR_TLS_\w+|CERT_\w+|UNABLE_TO_\w+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_INVALID_URL)$/;

/** Seconds or an HTTP date in Retry-After, else SendGrid's X-RateLimit-Reset (epoch seconds), as ms from `now`. */
export function retryAfterMs(headers: Record<string, unknown>, now: number): number | undefined {
  const get = (name: string) => {
    const value = headers[name] ?? headers[name.toLowerCase()];
    return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : undefined;
  };
  const after = get('retry-after');
  if (after && /^\d+(\.\d+)?$/.test(after)) return Math.round(Number(after) * 1000);
  if (after && !Number.isNaN(Date.parse(after))) return Math.max(0, Date.parse(after) - now);
  const reset = get('x-ratelimit-reset');
  if (reset && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1000 - now);
  return undefined;
}

interface SendgridErrorBody {
  errors?: { message?: string; field?: string | null }[];
}

/**
 * Classifies what SendGrid's v3 Mail Send API answered (docs: 202 accepted; 400 with `errors[].field`; 401; 403;
 * 413; 429 with rate-limit headers; 5xx), or the network error when it answered nothing.
 */
export function classifySendgrid(
  answer:
    | { kind: 'response'; status: number; headers: Record<string, unknown>; body: unknown }
    | { kind: 'network'; code?: string; message: string },
  now: number,
): SendOutcome {
  if (answer.kind === 'network') {
    const code = answer.code ?? '';
    const reason = `SendGrid: ${code ? `${code} ` : ''}${answer.message}`.trim();
    // A connection refused or a name that does not resolve never carried the request; a reset, a timeout or a
    // hang-up may have come after SendGrid read it.
    return NOT_SENT.test(code) ? { status: 'retry', reason } : { status: 'uncertain', reason: `${reason} (no answer)` };
  }
  const { status, headers } = answer;
  const errors = (answer.body as SendgridErrorBody | undefined)?.errors ?? [];
  const detail = errors
    .map((e) => `${e.message ?? ''}${e.field ? ` (${e.field})` : ''}`)
    .join('; ')
    .slice(0, 300);
  const reason = `SendGrid ${status}${detail ? `: ${detail}` : ''}`;
  if (status >= 200 && status < 300) return { status: 'sent', response: String(status) };
  const meaning = httpStatusMeaning(status);
  if (meaning === 'rate_limited' || meaning === 'transient' || meaning === 'server')
    return { status: 'retry', reason, retryAfterMs: retryAfterMs(headers, now) };
  if (
    status === 400 &&
    errors.length > 0 &&
    errors.every((e) => /^personalizations\.\d+\.(to|cc|bcc)\b/.test(e.field ?? ''))
  )
    return { status: 'recipient_refused', reason };
  // 401/403 (key or sender identity), 400/413 (a message it will not take): this sender is broken.
  return { status: 'sender_broken', reason };
}
