/** A token bucket per key: `burst` calls at once, refilled at `perSecond`. */
export interface RateLimiter {
  /** 0 when the call may go ahead, else the seconds to wait (Slack's Retry-After). */
  take(key: string): number;
}

/** Creates a limiter; Slack allows short bursts, then about `perSecond` (chat.postMessage: 1/s per channel). */
export function createRateLimiter(burst: number, perSecond: number, now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const t = now();
      const b = buckets.get(key) ?? { tokens: burst, at: t };
      b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * perSecond);
      b.at = t;
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
    },
  };
}
