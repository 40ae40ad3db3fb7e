import { Client } from '@hubspot/api-client';
import type { HubspotConfig } from '../../../config.js';
import { AppError } from '../../../errors.js';
import type { RateLimitRepo } from '../../../pipeline/limits/ports.js';
import {
  createHttpClient,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  parseRetryAfter,
  USER_AGENT,
} from '../../http/client.js';
import { createReservationGate, type ReservationGate } from '../../http/reservations.js';

/** A request; `retry: false` for creates HubSpot cannot deduplicate (a lost answer is reconciled by the outbox). */
export type HubspotRequest = HttpRequest & { retry?: boolean };

export interface HubspotHttp extends HttpClient {
  request<T = unknown>(req: HubspotRequest): Promise<HttpResponse<T>>;
  /** A date-versioned path: `api('crm/objects', 'companies/search')` → `/crm/objects/2026-09/companies/search`. */
  api(family: string, rest?: string): string;
  gate: ReservationGate;
}

export interface HubspotHttpOptions {
  rateLimits?: RateLimitRepo;
  now?: () => Date;
  timeoutMs?: number;
  /** Longest wait for a rate-limit window before giving up for now (default 10 s). */
  maxWaitMs?: number;
}

const NULL_BODY = new Set([101, 204, 205, 304]);
const DAY_MS = 86_400_000;

/**
 * HubSpot over HTTP. Requests are sent by the official SDK (`@hubspot/api-client` 13.x, the last major that runs on
 * Node 20): its typed clients only know the legacy /crm/v3 paths, so the date-versioned paths go through its generic
 * `apiRequest`, which adds the bearer token, the base path and its user agent. leadbot's HTTP layer wraps it for
 * timeouts, retries honouring Retry-After and AppError mapping, and before every attempt a reservation is claimed in
 * the database for each HubSpot limit the request counts against (burst, daily, and search for /search).
 */
export function createHubspotHttp(config: HubspotConfig, options: HubspotHttpOptions = {}): HubspotHttp {
  const now = options.now ?? (() => new Date());
  const sdk = new Client({ accessToken: config.token, basePath: config.baseUrl });
  // A fixed window admits `limit` at its end and again at the next one's start: half the vendor's count per window
  // keeps every rolling window of that length within the vendor's limit.
  const gate = createReservationGate({
    vendor: 'hubspot',
    repo: options.rateLimits,
    now,
    maxWaitMs: options.maxWaitMs,
    limits: {
      burst: { limit: Math.max(1, Math.floor(config.burst.count / 2)), windowMs: config.burst.perMs },
      search: { limit: Math.max(1, Math.floor(config.search.count / 2)), windowMs: config.search.perMs },
      daily: { limit: config.daily, windowMs: DAY_MS },
    },
  });

  const viaSdk = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      if (name !== 'user-agent') headers[name] = value;
    });
    const sent = sdk.apiRequest({
      overlapUrl: url,
      method: init.method ?? 'GET',
      body: typeof init.body === 'string' ? init.body : undefined,
      defaultJson: false,
      headers: { ...headers, 'User-agent': `${USER_AGENT} hubspot-api-client` },
    });
    const res = await abortable(sent, init.signal ?? undefined);
    const text = await res.text();
    const out = new Headers();
    res.headers.forEach((value, name) => {
      out.append(name, value);
    });
    return new Response(NULL_BODY.has(res.status) ? null : text, {
      status: res.status,
      statusText: res.statusText,
      headers: out,
    });
  };

  const gated = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const search = /\/search$/.test(new URL(url).pathname);
    await gate.acquire(search ? ['daily', 'burst', 'search'] : ['daily', 'burst']);
    const res = await viaSdk(url, init);
    if (res.status === 429) await respectRefusal(res.clone(), search);
    return res;
  };

  /** HubSpot's 429 names the limit it hit (policyName DAILY, TEN_SECONDLY_ROLLING, …): every instance waits. */
  const respectRefusal = async (res: Response, search: boolean) => {
    const policy = /"policyName"\s*:\s*"([A-Z_]+)"/.exec(await res.text())?.[1] ?? '';
    const at = now();
    if (policy === 'DAILY') {
      await gate.saturate('daily', new Date(Math.floor(at.getTime() / DAY_MS + 1) * DAY_MS));
      return;
    }
    const waitMs = parseRetryAfter(res.headers.get('retry-after'), at.getTime()) ?? 10_000;
    await gate.saturate(search ? 'search' : 'burst', new Date(at.getTime() + waitMs));
  };

  const client = (maxAttempts: number) =>
    createHttpClient({
      vendor: 'HubSpot',
      baseUrl: config.baseUrl,
      rateLimit: config.burst,
      timeoutMs: options.timeoutMs ?? 15_000,
      maxAttempts,
      initialDelayMs: 300,
      maxRetryAfterMs: options.maxWaitMs ?? 10_000,
      fetch: gated as typeof fetch,
    });
  const http = client(3);
  const once = client(1);
  return {
    vendor: http.vendor,
    request: ({ retry, ...req }) => (retry === false ? once.request(req) : http.request(req)),
    api: (family, rest) => `/${family}/${config.apiVersion}${rest ? `/${rest}` : ''}`,
    gate,
  };
}

/** Rejects when `signal` aborts (the SDK does not take a signal; the request is abandoned, not cut). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new AppError('timeout', 'HubSpot request aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
