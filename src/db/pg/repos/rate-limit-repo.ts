import { and, eq, lt, sql } from 'drizzle-orm';
import { type RateLimitRepo, windowStart } from '../../../pipeline/limits/ports.js';
import type { PgDb } from '../client.js';
import { rateWindows } from '../schema.js';

/** Vendor rate limits as counters per window in `rate_windows`: one atomic upsert claims a request. */
export function createRateLimitRepo(db: PgDb): RateLimitRepo {
  return {
    async reserve(bucket, { limit, windowMs }, at) {
      const start = windowStart(at, windowMs);
      const claimed = await db
        .insert(rateWindows)
        .values({ bucket, windowStart: start, used: 1 })
        .onConflictDoUpdate({
          target: [rateWindows.bucket, rateWindows.windowStart],
          set: { used: sql`${rateWindows.used} + 1` },
          setWhere: sql`${rateWindows.used} < ${limit}`,
        })
        .returning({ used: rateWindows.used });
      return claimed.length > 0 ? { ok: true } : { ok: false, retryAt: new Date(start.getTime() + windowMs) };
    },
    async saturate(bucket, { limit, windowMs }, from, until) {
      for (let t = windowStart(from, windowMs).getTime(); t < until.getTime(); t += windowMs)
        await db
          .insert(rateWindows)
          .values({ bucket, windowStart: new Date(t), used: limit })
          .onConflictDoUpdate({ target: [rateWindows.bucket, rateWindows.windowStart], set: { used: limit } });
    },
    async used(bucket, { windowMs }, at) {
      const row = (
        await db
          .select({ used: rateWindows.used })
          .from(rateWindows)
          .where(and(eq(rateWindows.bucket, bucket), eq(rateWindows.windowStart, windowStart(at, windowMs))))
          .limit(1)
      )[0];
      return row?.used ?? 0;
    },
    async prune(before) {
      return (await db.delete(rateWindows).where(lt(rateWindows.windowStart, before)).returning()).length;
    },
  };
}
