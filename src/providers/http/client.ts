import { setTimeout as sleep } from 'node:timers/promises';
import {
  ExponentialBackoff,
  handleWhen,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
  retry,
} from 'cockatiel';
import pThrottle from 'p-throttle';
import type { RateLimitSpec } from '../../config.js';
import { AppError, isAppError } from '../../errors.js';
import { httpStatusMeaning, retryableStatus } from '../../http-status.js';

export const USER_AGENT = 'leadbot/0.1 (+https://github.com/leadbot/leadbot; B2B prospecting bot)';

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  /** Appended to the client's base URL; or give `url` for an absolute address. */
  path?: string;
  url?: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  /** 'json' (default) parses the body; 'text' returns it as a string. */
  responseType?: 'json' | 'text';
  /** Largest body read, in bytes; larger bodies are cut (text) or fail (json). Default 5 MB. */
  maxBytes?: number;
  /** Statuses returned to the caller instead of thrown (e.g. 404 for "not found" lookups). */
  acceptStatuses?: number[];
  /** 'manual' returns 3xx to the caller (the website crawler follows redirects itself). */
  redirect?: 'follow' | 'manual';
  signal?: AbortSignal;
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  data: T;
  url: string;
}

export interface HttpClient {
  readonly vendor: string;
  request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>>;
}

export interface HttpClientOptions {
  vendor: string;
  baseUrl: string;
  rateLimit: RateLimitSpec;
  timeoutMs?: number;
  maxAttempts?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** A 429 asking to wait longer than this is treated as a spent quota, not retried. */
  maxRetryAfterMs?: number;
  userAgent?: string;
  fetch?: typeof fetch;
  /** Sees every attempt as it ends (process metrics: latency and errors per vendor). */
  observe?: (call: { vendor: string; durationMs: number; status?: number; error?: string }) => void;
}

/** Detail carried by AppErrors from this client. */
export interface HttpErrorDetails extends Record<string, unknown> {
  vendor: string;
  status?: number;
  retryAfterMs?: number;
  body?: string;
  url: string;
}

const QUOTA_TEXT =
  /quota|usage limit|credits?|plan (limit|does not|doesn't)|monthly|exceeded your|limit exceeded|out of requests|no remaining/i;

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Backoff that waits at least what the server's Retry-After asked, else exponential with jitter. */
class RetryAfterBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(private readonly inner: IBackoffFactory<unknown>) {}
  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const innerNext = this.inner.next(context);
    const err = 'error' in context.result ? context.result.error : undefined;
    const retryAfter = isAppError(err) ? (err.details as HttpErrorDetails | undefined)?.retryAfterMs : undefined;
    const duration = retryAfter === undefined ? innerNext.duration : Math.max(retryAfter, 50);
    return { duration, next: (ctx) => new RetryAfterBackoff(innerNext).next(ctx) };
  }
}

function isRetryable(err: Error): boolean {
  if (!isAppError(err)) return false;
  return (
    err.code === 'rate_limited' ||
    err.code === 'timeout' ||
    (err.code === 'provider_failed' && err.details?.retryable === true)
  );
}

/** Records actual request starts: `tryStart` admits one (0) or says how long to wait before asking again. */
function startWindow(count: number, perMs: number): { tryStart(): number } {
  const starts: number[] = [];
  return {
    tryStart() {
      const now = performance.now();
      while (starts.length > 0 && now - starts[0]! >= perMs) starts.shift();
      if (starts.length < count) {
        starts.push(now);
        return 0;
      }
      return Math.ceil(perMs - (now - starts[0]!)) + 1;
    },
  };
}

/**
 * One HTTP layer for every vendor: per-request timeout, bounded retries with exponential backoff and jitter
 * on 429/5xx/network errors (honouring Retry-After), a per-vendor rate limit, and errors as AppError:
 * `unauthorized` (401), `forbidden` (403), `quota_exhausted` (429 with a spent quota), `rate_limited`,
 * `timeout`, `provider_failed` (5xx, network, malformed JSON), `not_found` (404).
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  // A small margin keeps request arrivals inside the vendor's window despite network jitter.
  const throttle = pThrottle({
    limit: Math.max(1, Math.floor(options.rateLimit.count)),
    interval: Math.ceil(options.rateLimit.perMs * 1.02) + 5,
    strict: true,
  });
  const policy = retry(handleWhen(isRetryable), {
    maxAttempts: Math.max(0, (options.maxAttempts ?? 4) - 1),
    backoff: new RetryAfterBackoff(
      new ExponentialBackoff({ initialDelay: options.initialDelayMs ?? 500, maxDelay: options.maxDelayMs ?? 30_000 }),
    ),
  });
  // p-throttle spaces requests by when they were scheduled; a timer firing late under load can bring an
  // actual start closer than the window to the one `count` before it. This window of actual starts closes that.
  const window = startWindow(Math.max(1, Math.floor(options.rateLimit.count)), options.rateLimit.perMs);
  // The vendor's latency is timed from the request's actual start, after any wait for the window.
  const observed = async <T>(req: HttpRequest): Promise<HttpResponse<T>> => {
    for (let wait = window.tryStart(); wait > 0; wait = window.tryStart()) await sleep(wait);
    if (!options.observe) return once<T>(req);
    const started = performance.now();
    try {
      const res = await once<T>(req);
      options.observe({ vendor: options.vendor, durationMs: performance.now() - started, status: res.status });
      return res;
    } catch (err) {
      const error = isAppError(err) ? err.code : 'internal';
      const status = isAppError(err) && typeof err.details?.status === 'number' ? err.details.status : undefined;
      options.observe({ vendor: options.vendor, durationMs: performance.now() - started, status, error });
      throw err;
    }
  };
  const attempt = throttle((req: HttpRequest) => observed(req));

  async function once<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    const url = buildUrl(options.baseUrl, req);
    const details: HttpErrorDetails = { vendor: options.vendor, url: redactUrl(url) };
    const headers: Record<string, string> = { 'user-agent': options.userAgent ?? USER_AGENT, ...req.headers };
    let body: string | undefined;
    if (req.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.form) {
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    }
    if (req.responseType !== 'text') headers.accept ??= 'application/json';
    const signal = req.signal
      ? AbortSignal.any([req.signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs);
    let res: Response;
    try {
      res = await doFetch(url, {
        method: req.method ?? 'GET',
        headers,
        body,
        signal,
        redirect: req.redirect ?? 'follow',
      });
    } catch (cause) {
      // A refusal from a guarded fetch (a private address, a forbidden port) is final: never retried.
      if (isAppError(cause)) throw new AppError(cause.code, `${options.vendor}: ${cause.message}`, { cause, details });
      const name = (cause as Error).name;
      if (name === 'TimeoutError' || (name === 'AbortError' && !req.signal?.aborted))
        throw new AppError('timeout', `${options.vendor} did not answer within ${timeoutMs} ms`, { cause, details });
      if (req.signal?.aborted)
        throw new AppError('provider_failed', `${options.vendor} request cancelled`, { cause, details });
      const code = (cause as { cause?: { code?: string } }).cause?.code ?? (cause as Error).message;
      throw new AppError('provider_failed', `${options.vendor} is unreachable (${code})`, {
        cause,
        details: { ...details, retryable: true },
      });
    }
    details.status = res.status;
    let text: string;
    try {
      text = await readBody(res, req.maxBytes ?? 5_000_000, req.responseType === 'text');
    } catch (cause) {
      if (isAppError(cause)) throw new AppError(cause.code, `${options.vendor}: ${cause.message}`, { cause, details });
      throw new AppError('timeout', `${options.vendor} stopped sending the response`, { cause, details });
    }
    const accepted = req.acceptStatuses?.includes(res.status) ?? false;
    const isRedirect = req.redirect === 'manual' && res.status >= 300 && res.status < 400;
    if (!res.ok && !accepted && !isRedirect) throw statusError(res, text, details, maxRetryAfterMs);
    let data: unknown = text;
    if (req.responseType !== 'text' && !isRedirect) {
      try {
        data = text.length === 0 ? null : JSON.parse(text);
      } catch (cause) {
        throw new AppError('provider_failed', `${options.vendor} answered malformed JSON (${res.status})`, {
          cause,
          details: { ...details, body: text.slice(0, 200) },
        });
      }
    }
    return { status: res.status, headers: res.headers, data: data as T, url: res.url || url };
  }

  return {
    vendor: options.vendor,
    async request<T>(req: HttpRequest) {
      return (await policy.execute(() => attempt(req))) as HttpResponse<T>;
    },
  };
}

function statusError(res: Response, text: string, details: HttpErrorDetails, maxRetryAfterMs: number): AppError {
  const snippet = text.slice(0, 300);
  const d = { ...details, body: snippet };
  const message = vendorMessage(snippet);
  const vendor = details.vendor;
  const meaning = httpStatusMeaning(res.status);
  if (meaning === 'unauthorized')
    return new AppError('unauthorized', `${vendor}: 401 ${message || 'API key rejected'}`, { details: d });
  if (meaning === 'forbidden')
    return new AppError('forbidden', `${vendor}: 403 ${message || 'forbidden'}`, { details: d });
  if (meaning === 'not_found')
    return new AppError('not_found', `${vendor}: 404 ${message || 'not found'}`, { details: d });
  if (meaning === 'rate_limited') {
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
    if ((retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) || QUOTA_TEXT.test(snippet)) {
      return new AppError('quota_exhausted', `${vendor}: 429 ${message || 'quota exhausted'}`, {
        details: { ...d, retryAfterMs },
      });
    }
    return new AppError('rate_limited', `${vendor}: 429 too many requests`, { details: { ...d, retryAfterMs } });
  }
  const retryable = retryableStatus(res.status);
  return new AppError('provider_failed', `${vendor}: ${res.status} ${message || res.statusText || 'error'}`, {
    details: { ...d, retryable, retryAfterMs: parseRetryAfter(res.headers.get('retry-after')) },
  });
}

/** Pulls a human message out of a vendor's error body ({"error": "..."} and friends). */
function vendorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const candidates = [parsed.message, parsed.error, parsed.error_message, parsed.detail, parsed.errors];
    for (const c of candidates) {
      if (typeof c === 'string' && c.trim()) return c.trim().slice(0, 160);
      if (c && typeof c === 'object') {
        const inner = (c as Record<string, unknown>).message ?? (c as Record<string, unknown>[])[0]?.details;
        if (typeof inner === 'string') return inner.slice(0, 160);
      }
    }
  } catch {
    // not JSON
  }
  return /<html/i.test(body) ? '' : body.replace(/\s+/g, ' ').trim().slice(0, 160);
}

async function readBody(res: Response, maxBytes: number, allowCut: boolean): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      if (!allowCut) throw new AppError('provider_failed', `response larger than ${maxBytes} bytes`);
      chunks.push(value.subarray(0, value.byteLength - (total - maxBytes)));
      break;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function buildUrl(baseUrl: string, req: HttpRequest): string {
  const raw = req.url ?? `${baseUrl.replace(/\/+$/, '')}/${(req.path ?? '').replace(/^\/+/, '')}`;
  const url = new URL(raw);
  for (const [k, v] of Object.entries(req.query ?? {}))
    if (v !== undefined && v !== null) url.searchParams.set(k, String(v));
  return url.toString();
}

/** Hides api keys passed in query strings (Hunter, ZeroBounce) from logs and errors. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](api_key|apikey|key|token|access_token)=)[^&]+/gi, '$1[redacted]');
}
