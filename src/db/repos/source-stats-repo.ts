import { eq, sql } from 'drizzle-orm';
import type { SourceStatsRepo } from '../../pipeline/scout/ports.js';
import { type Db, sessionOf } from '../client.js';
import { sourceStats } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

/** Per-source, per-industry Scout counters in `source_stats`; `add` accumulates. */
export function createSourceStatsRepo(db: Db): SourceStatsRepo {
  return asyncRepo<SourceStatsRepo>(sessionOf(db), createSourceStatsRepoSync(db));
}

function createSourceStatsRepoSync(db: Db): Sync<SourceStatsRepo> {
  return {
    add(row, at) {
      db.insert(sourceStats)
        .values({ ...row, updatedAt: at })
        .onConflictDoUpdate({
          target: [sourceStats.source, sourceStats.industry],
          set: {
            queries: sql`${sourceStats.queries} + ${row.queries}`,
            returned: sql`${sourceStats.returned} + ${row.returned}`,
            kept: sql`${sourceStats.kept} + ${row.kept}`,
            updatedAt: at,
          },
        })
        .run();
    },
    list(industry) {
      return db
        .select({
          source: sourceStats.source,
          industry: sourceStats.industry,
          queries: sourceStats.queries,
          returned: sourceStats.returned,
          kept: sourceStats.kept,
        })
        .from(sourceStats)
        .where(eq(sourceStats.industry, industry))
        .all();
    },
  };
}
