import { and, desc, eq, inArray, notInArray, type SQL, sql } from 'drizzle-orm';
import { AppError } from '../../../errors.js';
import {
  type CriticCriterion,
  DRAFT_STATUSES,
  type DraftFilter,
  type DraftListItem,
  type DraftRecord,
  type DraftRepo,
  type DraftStatus,
} from '../../../pipeline/drafts/ports.js';
import type { PgDb } from '../client.js';
import { companies, contacts, emailDrafts } from '../schema.js';

type Row = typeof emailDrafts.$inferSelect;

const toRecord = (row: Row): DraftRecord => ({
  ...row,
  criticBreakdown: row.criticBreakdown as { criteria: CriticCriterion[] } | null,
});

/** Email drafts in PostgreSQL. */
export function createDraftRepo(db: PgDb): DraftRepo {
  const get = async (id: number) => {
    const row = (await db.select().from(emailDrafts).where(eq(emailDrafts.id, id)).limit(1))[0];
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
    async insert(draft, at) {
      const row = (
        await db
          .insert(emailDrafts)
          .values({ ...draft, status: draft.status ?? 'pending', createdAt: at, updatedAt: at })
          .returning()
      )[0]!;
      return toRecord(row);
    },
    async insertCurrent(draft, at) {
      const [row] = await db
        .insert(emailDrafts)
        .values({ ...draft, status: 'pending', createdAt: at, updatedAt: at })
        // The only unique index a new row can hit is email_drafts_current_uq.
        .onConflictDoNothing()
        .returning();
      return row ? toRecord(row) : undefined;
    },
    get,
    async update(id, patch, at) {
      const { id: _id, createdAt: _created, ...rest } = patch as Partial<DraftRecord>;
      const result = await db
        .update(emailDrafts)
        .set({ ...rest, updatedAt: at })
        .where(eq(emailDrafts.id, id));
      if (result.rowCount === 0) throw new AppError('not_found', `No draft with id ${id}`);
      return (await get(id))!;
    },
    async list(filter) {
      return (
        await db
          .select()
          .from(emailDrafts)
          .where(where(filter))
          .orderBy(desc(emailDrafts.id))
          .limit(filter.limit ?? 50)
      ).map(toRecord);
    },
    async listForReview(filter) {
      return (
        await db
          .select({ draft: emailDrafts, company: companies, contact: contacts })
          .from(emailDrafts)
          .innerJoin(companies, eq(companies.id, emailDrafts.companyId))
          .leftJoin(contacts, eq(contacts.id, emailDrafts.contactId))
          .where(where(filter))
          .orderBy(desc(emailDrafts.id))
          .limit(filter.limit ?? 50)
      ).map(
        (r): DraftListItem => ({
          ...toRecord(r.draft),
          companyName: r.company.name,
          industry: r.company.industry,
          contactEmail: r.contact?.email ?? null,
          contactName: r.contact?.fullName ?? r.contact?.firstName ?? null,
        }),
      );
    },
    async currentForCompany(companyId) {
      const row = (
        await db
          .select()
          .from(emailDrafts)
          .where(and(eq(emailDrafts.companyId, companyId), notInArray(emailDrafts.status, ['superseded', 'rejected'])))
          .orderBy(desc(emailDrafts.id))
          .limit(1)
      )[0];
      return row ? toRecord(row) : undefined;
    },
    async countByStatus() {
      const counts = Object.fromEntries(DRAFT_STATUSES.map((s) => [s, 0])) as Record<DraftStatus, number>;
      const rows = await db
        .select({ status: emailDrafts.status, n: sql<number>`count(*)`.mapWith(Number) })
        .from(emailDrafts)
        .groupBy(emailDrafts.status);
      for (const row of rows) counts[row.status as DraftStatus] = row.n;
      return counts;
    },
  };
}
