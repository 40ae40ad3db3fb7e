import { AppError, isAppError } from '../../errors.js';
import { httpStatusMeaning } from '../../http-status.js';

/** Why a model call failed; `connection`, `auth` and `model` mean the model is down until the next probe. */
export type LlmFailureKind = 'connection' | 'timeout' | 'auth' | 'model' | 'rate_limited' | 'server' | 'request';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

interface Found {
  status?: number;
  code?: string;
  timedOut: boolean;
  message?: string;
}

function inspect(err: unknown): Found {
  const found: Found = { timedOut: false };
  let current: unknown = err;
  for (let depth = 0; current && typeof current === 'object' && depth < 6; depth++) {
    const e = current as { status?: unknown; status_code?: unknown; code?: unknown; name?: unknown; message?: unknown };
    const status = typeof e.status === 'number' ? e.status : typeof e.status_code === 'number' ? e.status_code : 0;
    if (status && found.status === undefined) found.status = status;
    if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) found.code ??= e.code;
    if (e.name === 'TimeoutError' || e.name === 'APIConnectionTimeoutError' || /timed? ?out/i.test(String(e.message)))
      found.timedOut = true;
    if (found.message === undefined && typeof e.message === 'string') found.message = e.message;
    current = (current as { cause?: unknown }).cause;
  }
  return found;
}

/** The kind of an AppError made by translateLlmError, if any. */
export function llmFailureKind(err: unknown): LlmFailureKind | undefined {
  return isAppError(err) ? (err.details?.llmFailure as LlmFailureKind | undefined) : undefined;
}

/**
 * Translates anything a model client throws into AppError('llm_unavailable') with a message a person can act on.
 * The vendor error is kept as `cause`; `details.llmFailure` says what kind of failure it was.
 */
export function translateLlmError(err: unknown, label: string, timeoutMs: number): AppError {
  if (isAppError(err)) return err;
  const f = inspect(err);
  const fail = (kind: LlmFailureKind, message: string) =>
    new AppError('llm_unavailable', message, { cause: err, details: { llmFailure: kind, status: f.status } });
  switch (f.status ? httpStatusMeaning(f.status) : 'ok') {
    case 'unauthorized':
    case 'forbidden':
      return fail('auth', `${label} refused the API key (${f.status})`);
    case 'not_found':
      return fail('model', `${label}: the model was not found (404); check the model name`);
    case 'rate_limited':
      return fail('rate_limited', `${label} is rate limiting requests (429); try again shortly`);
    case 'transient':
    case 'server':
      return fail('server', `${label} failed with ${f.status}`);
    case 'rejected':
      return fail('request', `${label} rejected the request (${f.status}: ${short(f)})`);
  }
  if (f.code) return fail('connection', `${label} is not reachable (${f.code})`);
  if (f.timedOut) return fail('timeout', `${label} did not answer within ${duration(timeoutMs)}`);
  if (/fetch failed|connection error|network/i.test(f.message ?? ''))
    return fail('connection', `${label} is not reachable (${short(f)})`);
  return fail('server', `${label} failed: ${short(f)}`);
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

function short(f: Found): string {
  const text = (f.message ?? 'unknown error').replace(/\s+/g, ' ').trim();
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}
