import { and, asc, eq } from 'drizzle-orm';
import { AppError } from '../../../errors.js';
import type { ApprovalKind, ApprovalRecord, ApprovalRepo } from '../../../pipeline/approvals/ports.js';
import type { PgDb } from '../client.js';
import { approvalRequests } from '../schema.js';

/** Approval requests and decisions in PostgreSQL; `decide` is a conditional update, so a second click changes nothing. */
export function createApprovalRepo(db: PgDb): ApprovalRepo {
  const get = async (kind: ApprovalKind, subjectId: string) =>
    (
      await db
        .select()
        .from(approvalRequests)
        .where(and(eq(approvalRequests.kind, kind), eq(approvalRequests.subjectId, subjectId)))
        .limit(1)
    )[0] as ApprovalRecord | undefined;
  return {
    async request(input) {
      await db
        .insert(approvalRequests)
        .values({
          kind: input.kind,
          subjectId: input.subjectId,
          runId: input.runId ?? null,
          requestedBy: input.requestedBy ?? null,
          payload: input.payload ?? {},
          createdAt: input.at,
          updatedAt: input.at,
        })
        .onConflictDoNothing();
      return (await get(input.kind, input.subjectId))!;
    },
    get,
    async getById(id) {
      return (await db.select().from(approvalRequests).where(eq(approvalRequests.id, id)).limit(1))[0] as
        | ApprovalRecord
        | undefined;
    },
    decide(input) {
      return db.transaction(async () => {
        const existing = await get(input.kind, input.subjectId);
        if (!existing) throw new AppError('not_found', `No approval request for ${input.kind} ${input.subjectId}`);
        const result = await db
          .update(approvalRequests)
          .set({
            status: input.decision,
            decidedBy: input.actor.id,
            decidedByName: input.actor.name ?? null,
            decisionSource: input.actor.source,
            decidedAt: input.at,
            reason: input.reason ?? null,
            updatedAt: input.at,
          })
          .where(and(eq(approvalRequests.id, existing.id), eq(approvalRequests.status, 'pending')));
        const record = (await get(input.kind, input.subjectId))!;
        return result.rowCount === 1 ? { applied: true as const, record } : { applied: false as const, record };
      });
    },
    async reopen(kind, subjectId, at) {
      await db
        .update(approvalRequests)
        .set({
          status: 'pending',
          decidedBy: null,
          decidedByName: null,
          decidedAt: null,
          decisionSource: null,
          reason: null,
          updatedAt: at,
        })
        .where(and(eq(approvalRequests.kind, kind), eq(approvalRequests.subjectId, subjectId)));
      return get(kind, subjectId);
    },
    async attachMessage(kind, subjectId, channel, ts, at) {
      await db
        .update(approvalRequests)
        .set({ slackChannel: channel, slackTs: ts, updatedAt: at })
        .where(and(eq(approvalRequests.kind, kind), eq(approvalRequests.subjectId, subjectId)));
    },
    async listPending(options = {}) {
      const filters = [eq(approvalRequests.status, 'pending')];
      if (options.kind) filters.push(eq(approvalRequests.kind, options.kind));
      return (await db
        .select()
        .from(approvalRequests)
        .where(and(...filters))
        .orderBy(asc(approvalRequests.createdAt), asc(approvalRequests.id))
        .limit(options.limit ?? 100)) as ApprovalRecord[];
    },
    async listByMessage(channel, ts) {
      return (await db
        .select()
        .from(approvalRequests)
        .where(and(eq(approvalRequests.slackChannel, channel), eq(approvalRequests.slackTs, ts)))
        .orderBy(asc(approvalRequests.id))) as ApprovalRecord[];
    },
  };
}
