/** A limit as a count per fixed window: "50 per 10 000 ms". */
export interface WindowLimit {
  limit: number;
  windowMs: number;
}

/**
 * Request counters per vendor window, kept in the database so a limit holds across every instance (implemented in
 * src/db). `reserve` claims one request atomically, or says when the next window opens.
 */
export interface RateLimitRepo {
  reserve(bucket: string, limit: WindowLimit, at: Date): Promise<{ ok: true } | { ok: false; retryAt: Date }>;
  /** Marks every window of `bucket` from `from` until `until` as used up (a vendor answered 429 with Retry-After). */
  saturate(bucket: string, limit: WindowLimit, from: Date, until: Date): Promise<void>;
  /** Requests counted in the window holding `at`. */
  used(bucket: string, limit: WindowLimit, at: Date): Promise<number>;
  /** Forgets windows that started before `before`. */
  prune(before: Date): Promise<number>;
}

/** The window holding `at`: windows are aligned on multiples of their length since the epoch. */
export function windowStart(at: Date, windowMs: number): Date {
  return new Date(Math.floor(at.getTime() / windowMs) * windowMs);
}
