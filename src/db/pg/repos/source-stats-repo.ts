import { eq, sql } from 'drizzle-orm';
import type { SourceStatsRepo } from '../../../pipeline/scout/ports.js';
import type { PgDb } from '../client.js';
import { sourceStats } from '../schema.js';

/** Per-source, per-industry Scout counters in `source_stats`; `add` accumulates. */
export function createSourceStatsRepo(db: PgDb): SourceStatsRepo {
  return {
    async add(row, at) {
      await db
        .insert(sourceStats)
        .values({ ...row, updatedAt: at })
        .onConflictDoUpdate({
          target: [sourceStats.source, sourceStats.industry],
          set: {
            queries: sql`${sourceStats.queries} + ${row.queries}`,
            returned: sql`${sourceStats.returned} + ${row.returned}`,
            kept: sql`${sourceStats.kept} + ${row.kept}`,
            updatedAt: at,
          },
        });
    },
    async list(industry) {
      return await db
        .select({
          source: sourceStats.source,
          industry: sourceStats.industry,
          queries: sourceStats.queries,
          returned: sourceStats.returned,
          kept: sourceStats.kept,
        })
        .from(sourceStats)
        .where(eq(sourceStats.industry, industry));
    },
  };
}
