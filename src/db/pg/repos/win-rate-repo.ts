import { asc, eq, sql } from 'drizzle-orm';
import type { WinRateRepo, WinRateRow } from '../../../pipeline/drafts/ports.js';
import type { PgDb } from '../client.js';
import { emailWinRate } from '../schema.js';

/** Industries are stored trimmed and lower-cased so "Healthcare" and "healthcare " share a row. */
export const normalizeIndustry = (industry: string) => industry.trim().toLowerCase();

const toRow = (r: typeof emailWinRate.$inferSelect): WinRateRow => ({
  industry: r.industry,
  angle: r.angle,
  sent: r.sent,
  replies: r.replies,
  positiveReplies: r.positiveReplies,
});

/** The learning table `email_win_rate` in PostgreSQL; `increment` is one atomic upsert. */
export function createWinRateRepo(db: PgDb): WinRateRepo {
  return {
    async all() {
      return (await db.select().from(emailWinRate).orderBy(asc(emailWinRate.industry), asc(emailWinRate.angle))).map(
        toRow,
      );
    },
    async forIndustry(industry) {
      return (
        await db
          .select()
          .from(emailWinRate)
          .where(eq(emailWinRate.industry, normalizeIndustry(industry)))
          .orderBy(asc(emailWinRate.angle))
      ).map(toRow);
    },
    async increment(industry, angle, deltas, at) {
      const sent = deltas.sent ?? 0;
      const replies = deltas.replies ?? 0;
      const positiveReplies = deltas.positiveReplies ?? 0;
      await db
        .insert(emailWinRate)
        .values({ industry: normalizeIndustry(industry), angle, sent, replies, positiveReplies, updatedAt: at })
        .onConflictDoUpdate({
          target: [emailWinRate.industry, emailWinRate.angle],
          set: {
            sent: sql`${emailWinRate.sent} + ${sent}`,
            replies: sql`${emailWinRate.replies} + ${replies}`,
            positiveReplies: sql`${emailWinRate.positiveReplies} + ${positiveReplies}`,
            updatedAt: at,
          },
        });
    },
  };
}
