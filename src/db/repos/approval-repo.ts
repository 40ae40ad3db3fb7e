import { and, asc, eq } from 'drizzle-orm';
import { AppError } from '../../errors.js';
import type { ApprovalKind, ApprovalRecord, ApprovalRepo } from '../../pipeline/approvals/ports.js';
import { type Db, sessionOf } from '../client.js';
import { approvalRequests } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

/** Approval requests and decisions in SQLite; `decide` is a conditional update, so a second click changes nothing. */
export function createApprovalRepo(db: Db): ApprovalRepo {
  return asyncRepo<ApprovalRepo>(sessionOf(db), createApprovalRepoSync(db));
}

function createApprovalRepoSync(db: Db): Sync<ApprovalRepo> {
  const get = (kind: ApprovalKind, subjectId: string) =>
    db
      .select()
      .from(approvalRequests)
      .where(and(eq(approvalRequests.kind, kind), eq(approvalRequests.subjectId, subjectId)))
      .get() as ApprovalRecord | undefined;
  return {
    request(input) {
      db.insert(approvalRequests)
        .values({
          kind: input.kind,
          subjectId: input.subjectId,
          runId: input.runId ?? null,
          requestedBy: input.requestedBy ?? null,
          payload: input.payload ?? {},
          createdAt: input.at,
          updatedAt: input.at,
        })
        .onConflictDoNothing()
        .run();
      return get(input.kind, input.subjectId)!;
    },
    get,
    getById(id) {
      return db.select().from(approvalRequests).where(eq(approvalRequests.id, id)).get() as ApprovalRecord | undefined;
    },
    decide(input) {
      return db.transaction(() => {
        const existing = get(input.kind, input.subjectId);
        if (!existing) throw new AppError('not_found', `No approval request for ${input.kind} ${input.subjectId}`);
        const result = db
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
          .where(and(eq(approvalRequests.id, existing.id), eq(approvalRequests.status, 'pending')))
          .run();
        const record = get(input.kind, input.subjectId)!;
        return result.changes === 1 ? { applied: true as const, record } : { applied: false as const, record };
      });
    },
    reopen(kind, subjectId, at) {
      db.update(approvalRequests)
        .set({
          status: 'pending',
          decidedBy: null,
          decidedByName: null,
          decidedAt: null,
          decisionSource: null,
          reason: null,
          updatedAt: at,
        })
        .where(and(eq(approvalRequests.kind, kind), eq(approvalRequests.subjectId, subjectId)))
        .run();
      return get(kind, subjectId);
    },
    attachMessage(kind, subjectId, channel, ts, at) {
      db.update(approvalRequests)
        .set({ slackChannel: channel, slackTs: ts, updatedAt: at })
        .where(and(eq(approvalRequests.kind, kind), eq(approvalRequests.subjectId, subjectId)))
        .run();
    },
    listPending(options = {}) {
      const filters = [eq(approvalRequests.status, 'pending')];
      if (options.kind) filters.push(eq(approvalRequests.kind, options.kind));
      return db
        .select()
        .from(approvalRequests)
        .where(and(...filters))
        .orderBy(asc(approvalRequests.createdAt), asc(approvalRequests.id))
        .limit(options.limit ?? 100)
        .all() as ApprovalRecord[];
    },
    listByMessage(channel, ts) {
      return db
        .select()
        .from(approvalRequests)
        .where(and(eq(approvalRequests.slackChannel, channel), eq(approvalRequests.slackTs, ts)))
        .orderBy(asc(approvalRequests.id))
        .all() as ApprovalRecord[];
    },
  };
}
