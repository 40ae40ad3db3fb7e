import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../errors.js';
import { type RateLimitRepo, type WindowLimit, windowStart } from '../../pipeline/limits/ports.js';

/** A vendor's limits by name ("burst", "daily", "search"), each a count per window. */
export type Limits = Record<string, WindowLimit>;

export interface ReservationGate {
  /** Claims one request in each named limit, waiting for the next window up to `maxWaitMs`. */
  acquire(names: string[]): Promise<void>;
  /** Marks a limit used up until `until` (a 429 with Retry-After), for every instance. */
  saturate(name: string, until: Date): Promise<void>;
  /** When the most recent refusal said the vendor may be asked again (undefined: no refusal now). */
  blockedUntil(): Date | undefined;
}

export interface ReservationGateOptions {
  vendor: string;
  limits: Limits;
  /** The shared counters; without them (doctor, tests) the gate counts in this process only. */
  repo?: RateLimitRepo;
  now?: () => Date;
  /** Longer waits give up with AppError('rate_limited') and `retryAfterMs` (default 10 s). */
  maxWaitMs?: number;
}

/**
 * Vendor rate limits as reservations: before each request one unit is claimed in every limit it counts against, in
 * the database when there is one, so several instances together stay within the vendor's limits.
 * @throws AppError('rate_limited') from `acquire` when the wait would exceed `maxWaitMs`.
 */
export function createReservationGate(options: ReservationGateOptions): ReservationGate {
  const now = options.now ?? (() => new Date());
  const repo = options.repo ?? memoryRateLimits();
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  let blocked: Date | undefined;
  const bucket = (name: string) => `${options.vendor}:${name}`;
  const limitOf = (name: string) => {
    const limit = options.limits[name];
    if (!limit) throw new Error(`No ${options.vendor} limit named ${name}`);
    return limit;
  };
  return {
    async acquire(names) {
      for (const name of names) {
        const limit = limitOf(name);
        for (;;) {
          const at = now();
          const claimed = await repo.reserve(bucket(name), limit, at);
          if (claimed.ok) break;
          const waitMs = claimed.retryAt.getTime() - at.getTime();
          blocked = claimed.retryAt;
          if (waitMs > maxWaitMs)
            throw new AppError(
              'rate_limited',
              `${options.vendor}: ${name} limit reached until ${claimed.retryAt.toISOString()}`,
              {
                details: { vendor: options.vendor, retryAfterMs: waitMs, limit: name },
              },
            );
          await sleep(Math.max(waitMs, 5));
        }
      }
      blocked = undefined;
    },
    async saturate(name, until) {
      blocked = until;
      await repo.saturate(bucket(name), limitOf(name), now(), until);
    },
    blockedUntil: () => (blocked && blocked > now() ? blocked : undefined),
  };
}

/** The same counters in memory, for one process. */
function memoryRateLimits(): RateLimitRepo {
  const windows = new Map<string, number>();
  const key = (bucket: string, start: Date) => `${bucket}@${start.getTime()}`;
  return {
    async reserve(bucket, { limit, windowMs }, at) {
      const start = windowStart(at, windowMs);
      const used = windows.get(key(bucket, start)) ?? 0;
      if (used >= limit) return { ok: false, retryAt: new Date(start.getTime() + windowMs) };
      windows.set(key(bucket, start), used + 1);
      return { ok: true };
    },
    async saturate(bucket, { limit, windowMs }, from, until) {
      for (let t = windowStart(from, windowMs).getTime(); t < until.getTime(); t += windowMs)
        windows.set(key(bucket, new Date(t)), limit);
    },
    async used(bucket, { windowMs }, at) {
      return windows.get(key(bucket, windowStart(at, windowMs))) ?? 0;
    },
    async prune(before) {
      let n = 0;
      for (const k of [...windows.keys()])
        if (Number(k.split('@')[1]) < before.getTime()) {
          windows.delete(k);
          n++;
        }
      return n;
    },
  };
}
