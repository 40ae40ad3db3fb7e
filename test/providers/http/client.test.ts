import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { createHttpClient, parseRetryAfter, redactUrl } from '../../../src/providers/http/client.js';
import { type Handler, type StandIn, sendJson, startStandIn } from '../../helpers/http-server.js';

let server: StandIn | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const client = async (handler: Handler, overrides: Partial<Parameters<typeof createHttpClient>[0]> = {}) => {
  server = await startStandIn(handler);
  return createHttpClient({
    vendor: 'acme',
    baseUrl: server.url,
    rateLimit: { count: 100, perMs: 1000 },
    initialDelayMs: 10,
    maxDelayMs: 50,
    timeoutMs: 500,
    ...overrides,
  });
};

const errorOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
};

describe('http client', () => {
  it('returns parsed JSON with a clear user agent and query', async () => {
    const http = await client((_req, res) => sendJson(res, 200, { ok: true }));
    const res = await http.request<{ ok: boolean }>({ path: '/v2/search', query: { q: 'clinic', skip: undefined } });
    expect(res.data).toEqual({ ok: true });
    expect(server!.requests[0]!.url).toBe('/v2/search?q=clinic');
    expect(server!.requests[0]!.headers['user-agent']).toMatch(/^leadbot\//);
  });

  it('retries a transient 429 after the Retry-After it asked for', async () => {
    let n = 0;
    const http = await client((_req, res) =>
      ++n === 1 ? sendJson(res, 429, { error: 'slow down' }, { 'retry-after': '0.2' }) : sendJson(res, 200, { n }),
    );
    const res = await http.request<{ n: number }>({ path: '/x' });
    expect(res.data.n).toBe(2);
    const gap = server!.requests[1]!.at - server!.requests[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(190);
  });

  it('does not retry a 429 whose quota is spent', async () => {
    const http = await client((_req, res) => sendJson(res, 429, { error: 'Monthly quota exceeded for your plan' }));
    const err = await errorOf(http.request({ path: '/x' }));
    expect(isAppError(err, 'quota_exhausted')).toBe(true);
    expect((err as Error).message).toBe('acme: 429 Monthly quota exceeded for your plan');
    expect(server!.requests).toHaveLength(1);
  });

  it('treats a 429 asking to wait an hour as a spent quota', async () => {
    const http = await client((_req, res) => sendJson(res, 429, '', { 'retry-after': '3600' }));
    expect(isAppError(await errorOf(http.request({ path: '/x' })), 'quota_exhausted')).toBe(true);
    expect(server!.requests).toHaveLength(1);
  });

  it('maps 401 and 403 without retrying, keeping the vendor message', async () => {
    const http = await client((req, res) =>
      req.path === '/a'
        ? sendJson(res, 401, { message: 'Invalid API key' })
        : sendJson(res, 403, { error: 'plan has no API access' }),
    );
    const a = await errorOf(http.request({ path: '/a' }));
    const b = await errorOf(http.request({ path: '/b' }));
    expect(isAppError(a, 'unauthorized')).toBe(true);
    expect((a as Error).message).toBe('acme: 401 Invalid API key');
    expect(isAppError(b, 'forbidden')).toBe(true);
    expect((b as Error).message).toBe('acme: 403 plan has no API access');
    expect(server!.requests).toHaveLength(2);
  });

  it('retries 5xx a bounded number of times, then fails as provider_failed', async () => {
    const http = await client((_req, res) => sendJson(res, 503, 'down'), { maxAttempts: 3 });
    const err = await errorOf(http.request({ path: '/x' }));
    expect(isAppError(err, 'provider_failed')).toBe(true);
    expect(server!.requests).toHaveLength(3);
  });

  it('times out a server that never answers, with retries bounded', async () => {
    const http = await client(() => undefined, { timeoutMs: 100, maxAttempts: 2 });
    const err = await errorOf(http.request({ path: '/x' }));
    expect(isAppError(err, 'timeout')).toBe(true);
    expect((err as Error).message).toMatch(/did not answer within 100 ms/);
    expect(server!.requests).toHaveLength(2);
  });

  it('reports malformed JSON without retrying', async () => {
    const http = await client((_req, res) => sendJson(res, 200, '{"oops":'));
    const err = await errorOf(http.request({ path: '/x' }));
    expect(isAppError(err, 'provider_failed')).toBe(true);
    expect((err as Error).message).toMatch(/malformed JSON/);
    expect(server!.requests).toHaveLength(1);
  });

  it('reports an unreachable host as provider_failed', async () => {
    const http = createHttpClient({
      vendor: 'acme',
      baseUrl: 'http://127.0.0.1:1',
      rateLimit: { count: 10, perMs: 1000 },
      maxAttempts: 1,
    });
    const err = await errorOf(http.request({ path: '/x' }));
    expect(isAppError(err, 'provider_failed')).toBe(true);
    expect((err as Error).message).toMatch(/unreachable/);
  });

  it('never starts more requests than its rate limit within any window', async () => {
    // Timed where the client starts each request (not on arrival, which adds scheduler jitter under load).
    const starts: number[] = [];
    const timedFetch: typeof fetch = (input, init) => {
      starts.push(performance.now());
      return fetch(input, init);
    };
    const http = await client((_req, res) => sendJson(res, 200, {}), {
      rateLimit: { count: 5, perMs: 200 },
      fetch: timedFetch,
    });
    await Promise.all(Array.from({ length: 15 }, () => http.request({ path: '/x' })));
    expect(server!.requests).toHaveLength(15);
    starts.sort((a, b) => a - b);
    for (let i = 5; i < starts.length; i++) expect(starts[i]! - starts[i - 5]!).toBeGreaterThanOrEqual(200);
  });

  it('cuts text bodies at maxBytes and refuses oversized JSON', async () => {
    const http = await client((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('x'.repeat(50_000));
    });
    const res = await http.request<string>({ path: '/x', responseType: 'text', maxBytes: 1000 });
    expect(res.data).toHaveLength(1000);
    expect(isAppError(await errorOf(http.request({ path: '/x', maxBytes: 1000 })), 'provider_failed')).toBe(true);
  });
});

describe('helpers', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(parseRetryAfter(null)).toBeUndefined();
  });
  it('redacts keys in URLs', () => {
    expect(redactUrl('https://api.hunter.io/v2/domain-search?domain=a.example&api_key=SECRET')).not.toContain('SECRET');
  });
});
