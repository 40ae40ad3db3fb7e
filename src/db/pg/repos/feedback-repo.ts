import { and, count, eq, gte, isNotNull, lt } from 'drizzle-orm';
import type { FeedbackRecord, FeedbackRepo } from '../../../pipeline/feedback/ports.js';
import type { PgDb } from '../client.js';
import { answerFeedback } from '../schema.js';

/** `answer_feedback`: one verdict per person and agent run. */
export function createFeedbackRepo(db: PgDb): FeedbackRepo {
  const find = async (runId: string, userId: string) =>
    (
      await db
        .select()
        .from(answerFeedback)
        .where(and(eq(answerFeedback.runId, runId), eq(answerFeedback.userId, userId)))
        .limit(1)
    )[0] as FeedbackRecord | undefined;
  return {
    async record({ runId, userId, verdict, at }) {
      const [row] = await db
        .insert(answerFeedback)
        .values({ runId, userId, verdict, reason: null, createdAt: at, updatedAt: at })
        .onConflictDoUpdate({
          target: [answerFeedback.runId, answerFeedback.userId],
          set: { verdict, reason: null, updatedAt: at },
        })
        .returning();
      return row as FeedbackRecord;
    },
    async setReason({ runId, userId, reason, at }) {
      await db
        .update(answerFeedback)
        .set({ reason, updatedAt: at })
        .where(and(eq(answerFeedback.runId, runId), eq(answerFeedback.userId, userId)));
      return find(runId, userId);
    },
    forRun: async (runId) =>
      (await db
        .select()
        .from(answerFeedback)
        .where(eq(answerFeedback.runId, runId))
        .orderBy(answerFeedback.id)) as FeedbackRecord[],
    async counts({ since, until }) {
      const inWindow = and(gte(answerFeedback.updatedAt, since), lt(answerFeedback.updatedAt, until));
      const rows = await db
        .select({ verdict: answerFeedback.verdict, n: count() })
        .from(answerFeedback)
        .where(inWindow)
        .groupBy(answerFeedback.verdict);
      const withReason =
        (
          await db
            .select({ n: count() })
            .from(answerFeedback)
            .where(and(inWindow, isNotNull(answerFeedback.reason)))
        )[0]?.n ?? 0;
      const of = (v: string) => rows.find((r) => r.verdict === v)?.n ?? 0;
      return { helpful: of('helpful'), notHelpful: of('not_helpful'), withReason };
    },
  };
}
