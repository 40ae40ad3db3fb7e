import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type AppError, isAppError } from '../../../src/errors.js';
import { createProviderGuard } from '../../../src/pipeline/guard/provider-guard.js';
import { createHttpClient, type HttpClient } from '../../../src/providers/http/client.js';
import { type Handler, type RecordedRequest, type StandIn, sendJson, startStandIn } from '../../helpers/http-server.js';

/** An HTTP client for contract tests: quick retries, a short timeout, a generous rate limit. */
export function testClient(
  vendor: string,
  url: string,
  overrides: Partial<Parameters<typeof createHttpClient>[0]> = {},
) {
  return createHttpClient({
    vendor,
    baseUrl: url,
    rateLimit: { count: 1000, perMs: 1000 },
    timeoutMs: 150,
    maxAttempts: 3,
    initialDelayMs: 10,
    maxDelayMs: 40,
    ...overrides,
  });
}

export interface VendorSpec {
  vendor: string;
  /** Calls the adapter once (find or verify). */
  invoke(http: HttpClient, url: string): Promise<unknown>;
  /** Answers every endpoint of the vendor as its documentation shows. */
  answer: Handler;
  /** Answers with a documented "nothing found". */
  empty: Handler;
  /** What `invoke` returns for the empty answer. */
  isEmpty(result: unknown): boolean;
  /** The vendor's documented body for a spent quota on a 429. */
  quotaBody: unknown;
  /** Reason the guard should show for a 403 (default: the vendor's own message). */
  forbiddenReason?: RegExp;
  describeSkip?: (err: AppError) => string | undefined;
}

/** Errors shared by every vendor: 401, 403, 429 + Retry-After, 429 quota, 500, timeout, malformed JSON, empty. */
export function vendorContract(spec: VendorSpec): void {
  let server: StandIn | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const run = async (handler: Handler) => {
    server = await startStandIn(handler);
    const http = testClient(spec.vendor, server.url);
    return spec.invoke(http, server.url);
  };
  const failure = async (handler: Handler) => {
    try {
      await run(handler);
    } catch (err) {
      return err;
    }
    throw new Error('expected the call to fail');
  };
  const guardReason = async (err: unknown) => {
    const state = new Map<string, { provider: string; reason: string; httpStatus: number | null; at: Date }>();
    const guard = createProviderGuard({
      state: {
        getSkip: async (p) => state.get(p),
        setSkip: async (s) => void state.set(s.provider, s),
        listSkips: async () => [...state.values()],
      },
      scope: 'run',
      now: () => new Date(),
    });
    const outcome = await guard.call(spec.vendor, () => Promise.reject(err), spec.describeSkip);
    return outcome.ok ? undefined : outcome.skipped ? outcome.reason : undefined;
  };
  const status =
    (code: number, body: unknown, headers?: Record<string, string>) => (_: RecordedRequest, res: ServerResponse) =>
      sendJson(res, code, body, headers);

  describe(`${spec.vendor} contract`, () => {
    it('answers as documented', async () => {
      expect(spec.isEmpty(await run(spec.answer))).toBe(false);
    });

    it('maps an empty answer to nothing found', async () => {
      expect(spec.isEmpty(await run(spec.empty))).toBe(true);
    });

    it('401: key rejected, skipped for the run', async () => {
      const err = await failure(status(401, { error: 'Invalid API key' }));
      expect(isAppError(err, 'unauthorized')).toBe(true);
      expect(await guardReason(err)).toMatch(/^401 /);
    });

    it('403: skipped for the run with the reason', async () => {
      const err = await failure(status(403, { error: 'api/v1 is not accessible with this api_key on a free plan' }));
      expect(isAppError(err, 'forbidden')).toBe(true);
      expect(await guardReason(err)).toMatch(spec.forbiddenReason ?? /^403 /);
      expect(server!.requests).toHaveLength(1);
    });

    it('429 with Retry-After: waits and tries again', async () => {
      let first = true;
      const result = await run((req, res) => {
        if (first) {
          first = false;
          return sendJson(res, 429, { error: 'Too many requests' }, { 'retry-after': '0.1' });
        }
        return spec.answer(req, res);
      });
      expect(spec.isEmpty(result)).toBe(false);
      const [a, b] = server!.requests;
      expect(b!.at - a!.at).toBeGreaterThanOrEqual(90);
    });

    it('429 with a spent quota: skipped, not retried', async () => {
      const err = await failure(status(429, spec.quotaBody));
      expect(isAppError(err, 'quota_exhausted')).toBe(true);
      expect(await guardReason(err)).toMatch(/^429 /);
      expect(server!.requests).toHaveLength(1);
    });

    it('500: retried, then a failure the waterfall steps past (not a skip)', async () => {
      const err = await failure(status(500, { error: 'internal' }));
      expect(isAppError(err, 'provider_failed')).toBe(true);
      expect(await guardReason(err)).toBeUndefined();
      expect(server!.requests.length).toBe(3);
    });

    it('timeout: a clear timeout error', async () => {
      const err = await failure(() => undefined);
      expect(isAppError(err, 'timeout')).toBe(true);
    });

    it('malformed JSON: a provider failure', async () => {
      const err = await failure((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"data": [');
      });
      expect(isAppError(err, 'provider_failed')).toBe(true);
      expect((err as Error).message).toMatch(/malformed JSON/);
    });
  });
}
