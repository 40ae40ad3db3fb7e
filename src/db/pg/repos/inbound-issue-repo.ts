import { count, desc, eq, gte } from 'drizzle-orm';
import type { InboundIssueRecord, InboundIssueRepo } from '../../../pipeline/tracker/ports.js';
import type { PgDb } from '../client.js';
import { inboundIssues } from '../schema.js';

/** `inbound_issues`: messages that could not be read or matched, kept once per key. */
export function createInboundIssueRepo(db: PgDb): InboundIssueRepo {
  return {
    async record(issue, at) {
      await db
        .insert(inboundIssues)
        .values({ ...issue, createdAt: at })
        .onConflictDoNothing({ target: inboundIssues.key });
      return (
        await db.select().from(inboundIssues).where(eq(inboundIssues.key, issue.key)).limit(1)
      )[0] as InboundIssueRecord;
    },
    get: async (id) =>
      (await db.select().from(inboundIssues).where(eq(inboundIssues.id, id)).limit(1))[0] as
        | InboundIssueRecord
        | undefined,
    async list(filter = {}) {
      return (await db
        .select()
        .from(inboundIssues)
        .where(filter.since ? gte(inboundIssues.createdAt, filter.since) : undefined)
        .orderBy(desc(inboundIssues.id))
        .limit(filter.limit ?? 100)) as InboundIssueRecord[];
    },
    async count(filter = {}) {
      return (
        (
          await db
            .select({ n: count() })
            .from(inboundIssues)
            .where(filter.since ? gte(inboundIssues.createdAt, filter.since) : undefined)
            .limit(1)
        )[0]?.n ?? 0
      );
    },
  };
}
