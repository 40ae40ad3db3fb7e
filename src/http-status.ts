/**
 * What an HTTP status from a vendor means, once for every adapter (the shared HTTP client, the model clients, the
 * model probe, SendGrid's outcome, provider lessons). Each turns the meaning into its own outcome: an AppError code,
 * a model-failure kind, a send outcome.
 */
export type HttpStatusMeaning =
  /** 2xx/3xx. */
  | 'ok'
  /** 401: the key or token is wrong or revoked. */
  | 'unauthorized'
  /** 403: the key works but may not do this (plan, scope, sender identity). */
  | 'forbidden'
  /** 404. */
  | 'not_found'
  /** 429: too many requests, or a spent quota (the body or Retry-After tells which). */
  | 'rate_limited'
  /** 408, 425, 500, 502, 503, 504: a transient failure; the same request may succeed later. */
  | 'transient'
  /** Any other 5xx: the vendor failed. */
  | 'server'
  /** Any other 4xx: the vendor will not take this request as it is. */
  | 'rejected';

const TRANSIENT = new Set([408, 425, 500, 502, 503, 504]);

export function httpStatusMeaning(status: number): HttpStatusMeaning {
  if (status < 400) return 'ok';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (TRANSIENT.has(status)) return 'transient';
  return status >= 500 ? 'server' : 'rejected';
}

/** Worth trying again later (with backoff, honouring Retry-After): 429 and transient failures. */
export const retryableStatus = (status: number): boolean => {
  const meaning = httpStatusMeaning(status);
  return meaning === 'rate_limited' || meaning === 'transient';
};

/** The key or token is refused (401) or not allowed (403). */
export const refusedKeyStatus = (status: number): boolean => {
  const meaning = httpStatusMeaning(status);
  return meaning === 'unauthorized' || meaning === 'forbidden';
};
