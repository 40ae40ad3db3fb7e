/** Transport attempts before a send that keeps failing is handed to a person (about a day with the backoff below). */
export const MAX_SEND_ATTEMPTS = 10;

const BASE_MS = 5 * 60_000;
const CAP_MS = 4 * 3_600_000;

/**
 * When to try a send again after attempt number `attempt` (1-based) could not be made: exponential backoff from five
 * minutes, capped at four hours, with "equal jitter" (half fixed, half random) so sends that failed together do not
 * retry together; never sooner than the server's Retry-After.
 */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, random: () => number): number {
  const backoff = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempt - 1));
  const jittered = backoff / 2 + random() * (backoff / 2);
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}
