import { count, desc, eq, gte } from 'drizzle-orm';
import type { InboundIssueRecord, InboundIssueRepo } from '../../pipeline/tracker/ports.js';
import { type Db, sessionOf } from '../client.js';
import { inboundIssues } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

/** `inbound_issues`: messages that could not be read or matched, kept once per key. */
export function createInboundIssueRepo(db: Db): InboundIssueRepo {
  return asyncRepo<InboundIssueRepo>(sessionOf(db), createInboundIssueRepoSync(db));
}

function createInboundIssueRepoSync(db: Db): Sync<InboundIssueRepo> {
  return {
    record(issue, at) {
      db.insert(inboundIssues)
        .values({ ...issue, createdAt: at })
        .onConflictDoNothing({ target: inboundIssues.key })
        .run();
      return db.select().from(inboundIssues).where(eq(inboundIssues.key, issue.key)).get() as InboundIssueRecord;
    },
    get: (id) =>
      db.select().from(inboundIssues).where(eq(inboundIssues.id, id)).get() as InboundIssueRecord | undefined,
    list(filter = {}) {
      return db
        .select()
        .from(inboundIssues)
        .where(filter.since ? gte(inboundIssues.createdAt, filter.since) : undefined)
        .orderBy(desc(inboundIssues.id))
        .limit(filter.limit ?? 100)
        .all() as InboundIssueRecord[];
    },
    count(filter = {}) {
      return (
        db
          .select({ n: count() })
          .from(inboundIssues)
          .where(filter.since ? gte(inboundIssues.createdAt, filter.since) : undefined)
          .get()?.n ?? 0
      );
    },
  };
}
