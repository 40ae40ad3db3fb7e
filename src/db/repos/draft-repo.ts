import { and, desc, eq, inArray, notInArray, type SQL, sql } from 'drizzle-orm';
import { AppError } from '../../errors.js';
import {
  type CriticCriterion,
  DRAFT_STATUSES,
  type DraftFilter,
  type DraftListItem,
  type DraftRecord,
  type DraftRepo,
  type DraftStatus,
} from '../../pipeline/drafts/ports.js';
import { type Db, sessionOf } from '../client.js';
import { companies, contacts, emailDrafts } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

type Row = typeof emailDrafts.$inferSelect;

const toRecord = (row: Row): DraftRecord => ({
  ...row,
  criticBreakdown: row.criticBreakdown as { criteria: CriticCriterion[] } | null,
});

/** Email drafts in SQLite. */
export function createDraftRepo(db: Db): DraftRepo {
  return asyncRepo<DraftRepo>(sessionOf(db), createDraftRepoSync(db));
}

function createDraftRepoSync(db: Db): Sync<DraftRepo> {
  const get = (id: number) => {
    const row = db.select().from(emailDrafts).where(eq(emailDrafts.id, id)).get();
    return row ? toRecord(row) : undefined;
  };
  const where = (filter: DraftFilter) => {
    const parts: SQL[] = [];
    if (filter.ids) parts.push(inArray(emailDrafts.id, filter.ids.length > 0 ? filter.ids : [-1]));
    if (filter.status && filter.status.length > 0) parts.push(inArray(emailDrafts.status, filter.status));
    if (filter.companyId !== undefined) parts.push(eq(emailDrafts.companyId, filter.companyId));
    return parts.length > 0 ? and(...parts) : undefined;
  };
  return {
    insert(draft, at) {
      const row = db
        .insert(emailDrafts)
        .values({ ...draft, status: draft.status ?? 'pending', createdAt: at, updatedAt: at })
        .returning()
        .get();
      return toRecord(row);
    },
    insertCurrent(draft, at) {
      const row = db
        .insert(emailDrafts)
        .values({ ...draft, status: 'pending', createdAt: at, updatedAt: at })
        // The only unique index a new row can hit is email_drafts_current_uq.
        .onConflictDoNothing()
        .returning()
        .get();
      return row ? toRecord(row) : undefined;
    },
    get,
    update(id, patch, at) {
      const { id: _id, createdAt: _created, ...rest } = patch as Partial<DraftRecord>;
      const result = db
        .update(emailDrafts)
        .set({ ...rest, updatedAt: at })
        .where(eq(emailDrafts.id, id))
        .run();
      if (result.changes === 0) throw new AppError('not_found', `No draft with id ${id}`);
      return get(id)!;
    },
    list(filter) {
      return db
        .select()
        .from(emailDrafts)
        .where(where(filter))
        .orderBy(desc(emailDrafts.id))
        .limit(filter.limit ?? 50)
        .all()
        .map(toRecord);
    },
    listForReview(filter) {
      return db
        .select({ draft: emailDrafts, company: companies, contact: contacts })
        .from(emailDrafts)
        .innerJoin(companies, eq(companies.id, emailDrafts.companyId))
        .leftJoin(contacts, eq(contacts.id, emailDrafts.contactId))
        .where(where(filter))
        .orderBy(desc(emailDrafts.id))
        .limit(filter.limit ?? 50)
        .all()
        .map(
          (r): DraftListItem => ({
            ...toRecord(r.draft),
            companyName: r.company.name,
            industry: r.company.industry,
            contactEmail: r.contact?.email ?? null,
            contactName: r.contact?.fullName ?? r.contact?.firstName ?? null,
          }),
        );
    },
    currentForCompany(companyId) {
      const row = db
        .select()
        .from(emailDrafts)
        .where(and(eq(emailDrafts.companyId, companyId), notInArray(emailDrafts.status, ['superseded', 'rejected'])))
        .orderBy(desc(emailDrafts.id))
        .limit(1)
        .get();
      return row ? toRecord(row) : undefined;
    },
    countByStatus() {
      const counts = Object.fromEntries(DRAFT_STATUSES.map((s) => [s, 0])) as Record<DraftStatus, number>;
      const rows = db
        .select({ status: emailDrafts.status, n: sql<number>`count(*)` })
        .from(emailDrafts)
        .groupBy(emailDrafts.status)
        .all();
      for (const row of rows) counts[row.status as DraftStatus] = row.n;
      return counts;
    },
  };
}
