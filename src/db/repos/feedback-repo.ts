import { and, count, eq, gte, isNotNull, lt } from 'drizzle-orm';
import type { FeedbackRecord, FeedbackRepo } from '../../pipeline/feedback/ports.js';
import { type Db, sessionOf } from '../client.js';
import { answerFeedback } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

/** `answer_feedback`: one verdict per person and agent run. */
export function createFeedbackRepo(db: Db): FeedbackRepo {
  return asyncRepo<FeedbackRepo>(sessionOf(db), createFeedbackRepoSync(db));
}

function createFeedbackRepoSync(db: Db): Sync<FeedbackRepo> {
  const find = (runId: string, userId: string) =>
    db
      .select()
      .from(answerFeedback)
      .where(and(eq(answerFeedback.runId, runId), eq(answerFeedback.userId, userId)))
      .get() as FeedbackRecord | undefined;
  return {
    record({ runId, userId, verdict, at }) {
      db.insert(answerFeedback)
        .values({ runId, userId, verdict, reason: null, createdAt: at, updatedAt: at })
        .onConflictDoUpdate({
          target: [answerFeedback.runId, answerFeedback.userId],
          set: { verdict, reason: null, updatedAt: at },
        })
        .run();
      return find(runId, userId)!;
    },
    setReason({ runId, userId, reason, at }) {
      db.update(answerFeedback)
        .set({ reason, updatedAt: at })
        .where(and(eq(answerFeedback.runId, runId), eq(answerFeedback.userId, userId)))
        .run();
      return find(runId, userId);
    },
    forRun: (runId) =>
      db
        .select()
        .from(answerFeedback)
        .where(eq(answerFeedback.runId, runId))
        .orderBy(answerFeedback.id)
        .all() as FeedbackRecord[],
    counts({ since, until }) {
      const inWindow = and(gte(answerFeedback.updatedAt, since), lt(answerFeedback.updatedAt, until));
      const rows = db
        .select({ verdict: answerFeedback.verdict, n: count() })
        .from(answerFeedback)
        .where(inWindow)
        .groupBy(answerFeedback.verdict)
        .all();
      const withReason =
        db
          .select({ n: count() })
          .from(answerFeedback)
          .where(and(inWindow, isNotNull(answerFeedback.reason)))
          .get()?.n ?? 0;
      const of = (v: string) => rows.find((r) => r.verdict === v)?.n ?? 0;
      return { helpful: of('helpful'), notHelpful: of('not_helpful'), withReason };
    },
  };
}
