import { type ErrorCode, isAppError } from '../../errors.js';

/** How a failing step is retried: `attempts` tries in all, waiting `baseDelayMs`, then twice as long each time. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 2_000, maxDelayMs: 30_000 };

const TRANSIENT_CODES: readonly ErrorCode[] = [
  'rate_limited',
  'timeout',
  'provider_failed',
  'llm_unavailable',
  'db_failed',
  'slack_failed',
];
const TRANSIENT_SYSTEM = /^(SQLITE_BUSY|SQLITE_LOCKED|ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|EPIPE)/;

/**
 * Whether trying again later may succeed: timeouts, rate limits, a provider or the database failing for now.
 * A definite refusal (bad input or configuration, not found, forbidden, a permanent send failure) is not.
 */
export function isTransient(err: unknown): boolean {
  if (isAppError(err)) return TRANSIENT_CODES.includes(err.code) && err.details?.permanent !== true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT_SYSTEM.test(code);
}

/** The wait before try number `attempt + 1` (attempt counts from 1). */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

export function sleepFor(policy: RetryPolicy, ms: number): Promise<void> {
  return policy.sleep ? policy.sleep(ms) : new Promise((resolve) => setTimeout(resolve, ms));
}
