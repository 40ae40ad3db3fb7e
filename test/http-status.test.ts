import { describe, expect, it } from 'vitest';
import { httpStatusMeaning, refusedKeyStatus, retryableStatus } from '../src/http-status.js';

describe('httpStatusMeaning: what a vendor status means, once for every adapter', () => {
  it('names each class of status', () => {
    const table = Object.fromEntries(
      [200, 204, 301, 400, 401, 403, 404, 408, 413, 422, 425, 429, 500, 501, 502, 503, 504, 520].map((s) => [
        s,
        httpStatusMeaning(s),
      ]),
    );
    expect(table).toEqual({
      200: 'ok',
      204: 'ok',
      301: 'ok',
      400: 'rejected',
      401: 'unauthorized',
      403: 'forbidden',
      404: 'not_found',
      408: 'transient',
      413: 'rejected',
      422: 'rejected',
      425: 'transient',
      429: 'rate_limited',
      500: 'transient',
      501: 'server',
      502: 'transient',
      503: 'transient',
      504: 'transient',
      520: 'server',
    });
    expect([429, 503, 408].every(retryableStatus)).toBe(true);
    expect([400, 401, 404, 501].some(retryableStatus)).toBe(false);
    expect([401, 403].every(refusedKeyStatus)).toBe(true);
    expect(refusedKeyStatus(404)).toBe(false);
  });
});
