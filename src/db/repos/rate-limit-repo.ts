import { and, eq, lt, sql } from 'drizzle-orm';
import { type RateLimitRepo, windowStart } from '../../pipeline/limits/ports.js';
import { type Db, sessionOf } from '../client.js';
import { rateWindows } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

/** Vendor rate limits as counters per window in `rate_windows`: one atomic upsert claims a request. */
export function createRateLimitRepo(db: Db): RateLimitRepo {
  return asyncRepo<RateLimitRepo>(sessionOf(db), createRateLimitRepoSync(db));
}

function createRateLimitRepoSync(db: Db): Sync<RateLimitRepo> {
  return {
    reserve(bucket, { limit, windowMs }, at) {
      const start = windowStart(at, windowMs);
      const claimed = db
        .insert(rateWindows)
        .values({ bucket, windowStart: start, used: 1 })
        .onConflictDoUpdate({
          target: [rateWindows.bucket, rateWindows.windowStart],
          set: { used: sql`${rateWindows.used} + 1` },
          setWhere: sql`${rateWindows.used} < ${limit}`,
        })
        .returning({ used: rateWindows.used })
        .all();
      return claimed.length > 0 ? { ok: true } : { ok: false, retryAt: new Date(start.getTime() + windowMs) };
    },
    saturate(bucket, { limit, windowMs }, from, until) {
      for (let t = windowStart(from, windowMs).getTime(); t < until.getTime(); t += windowMs)
        db.insert(rateWindows)
          .values({ bucket, windowStart: new Date(t), used: limit })
          .onConflictDoUpdate({ target: [rateWindows.bucket, rateWindows.windowStart], set: { used: limit } })
          .run();
    },
    used(bucket, { windowMs }, at) {
      return (
        db
          .select({ used: rateWindows.used })
          .from(rateWindows)
          .where(and(eq(rateWindows.bucket, bucket), eq(rateWindows.windowStart, windowStart(at, windowMs))))
          .get()?.used ?? 0
      );
    },
    prune(before) {
      return db.delete(rateWindows).where(lt(rateWindows.windowStart, before)).run().changes;
    },
  };
}
