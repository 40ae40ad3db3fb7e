import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { AppError } from '../../../errors.js';
import type { ContactRecord, ContactRepo, NewContact, Verification } from '../../../pipeline/contacts/ports.js';
import type { PgDb } from '../client.js';
import { contacts } from '../schema.js';

type Row = typeof contacts.$inferSelect;
type Patch = Partial<Omit<ContactRecord, 'id' | 'companyId' | 'createdAt'>>;

const toRecord = (row: Row): ContactRecord => ({ ...row }) as ContactRecord;

/** 'unverified' means "not checked this time": it never overwrites a real verification result. */
function mergedVerification(old: Verification, next: Verification): Verification {
  return next === 'unverified' ? old : next;
}

const best = (a: number | null, b: number | null, pick: (x: number, y: number) => number) =>
  a === null ? b : b === null ? a : pick(a, b);

/** What a second sighting of the same contact changes: fills gaps, upgrades a guess to found, refreshes checks. */
function mergePatch(old: ContactRecord, next: NewContact): Patch {
  const upgraded = old.emailKind === 'guessed' && next.emailKind === 'found';
  return {
    fullName: old.fullName ?? next.fullName,
    firstName: old.firstName ?? next.firstName,
    lastName: old.lastName ?? next.lastName,
    title: old.title ?? next.title,
    titleRank: best(old.titleRank, next.titleRank, Math.min),
    emailKind: upgraded ? 'found' : old.emailKind,
    verification: mergedVerification(old.verification, next.verification),
    source: upgraded ? next.source : old.source,
    evidenceUrl: upgraded ? (next.evidenceUrl ?? old.evidenceUrl) : (old.evidenceUrl ?? next.evidenceUrl),
    confidence: best(old.confidence, next.confidence, Math.max),
    phone: old.phone ?? next.phone,
    linkedinUrl: old.linkedinUrl ?? next.linkedinUrl,
    runId: next.runId ?? old.runId,
    ...(next.status ? { status: next.status } : {}),
  };
}

/**
 * Contacts in PostgreSQL. `upsert` is idempotent per (company, email), and per (company, name) for a person found
 * without an address, so re-running enrichment never duplicates anyone.
 */
export function createContactRepo(db: PgDb): ContactRepo {
  const get = async (id: number) => {
    const row = (await db.select().from(contacts).where(eq(contacts.id, id)).limit(1))[0];
    return row ? toRecord(row) : undefined;
  };
  const findSame = async (contact: NewContact): Promise<ContactRecord | undefined> => {
    if (contact.email) {
      const row = (
        await db
          .select()
          .from(contacts)
          .where(and(eq(contacts.companyId, contact.companyId), eq(contacts.email, contact.email)))
          .limit(1)
      )[0];
      return row ? toRecord(row) : undefined;
    }
    if (!contact.fullName) return undefined;
    const row = (
      await db
        .select()
        .from(contacts)
        .where(
          and(
            eq(contacts.companyId, contact.companyId),
            isNull(contacts.email),
            sql`lower(${contacts.fullName}) = ${contact.fullName.toLowerCase()}`,
          ),
        )
        .limit(1)
    )[0];
    return row ? toRecord(row) : undefined;
  };
  const update = async (id: number, patch: Patch, at: Date): Promise<ContactRecord> => {
    const { id: _id, companyId: _c, createdAt: _a, ...rest } = patch as ContactRecord;
    const result = await db
      .update(contacts)
      .set({ ...rest, updatedAt: at })
      .where(eq(contacts.id, id));
    if (result.rowCount === 0) throw new AppError('not_found', `Contact ${id} does not exist`);
    return (await get(id))!;
  };
  return {
    async upsert(contact, at) {
      const normalized: NewContact = { ...contact, email: contact.email ? contact.email.trim().toLowerCase() : null };
      const existing = await findSame(normalized);
      if (existing) return update(existing.id, mergePatch(existing, normalized), at);
      const row = (
        await db
          .insert(contacts)
          .values({
            ...normalized,
            isPrimary: normalized.isPrimary ?? false,
            status: normalized.status ?? 'active',
            createdAt: at,
            updatedAt: at,
          })
          .returning()
      )[0]!;
      return toRecord(row);
    },
    get,
    async listForCompany(companyId) {
      return (
        await db
          .select()
          .from(contacts)
          .where(eq(contacts.companyId, companyId))
          .orderBy(desc(contacts.isPrimary), sql`coalesce(${contacts.titleRank}, 999)`, asc(contacts.id))
      ).map(toRecord);
    },
    async primaryFor(companyId) {
      const row = (
        await db
          .select()
          .from(contacts)
          .where(and(eq(contacts.companyId, companyId), eq(contacts.isPrimary, true)))
          .limit(1)
      )[0];
      return row ? toRecord(row) : undefined;
    },
    async setPrimary(companyId, contactId, at) {
      await db.transaction(async (tx) => {
        const target = (await tx.select().from(contacts).where(eq(contacts.id, contactId)).limit(1))[0];
        if (!target || target.companyId !== companyId)
          throw new AppError('not_found', `Contact ${contactId} does not belong to company ${companyId}`);
        await tx
          .update(contacts)
          .set({ isPrimary: false, updatedAt: at })
          .where(and(eq(contacts.companyId, companyId), eq(contacts.isPrimary, true)));
        await tx.update(contacts).set({ isPrimary: true, updatedAt: at }).where(eq(contacts.id, contactId));
      });
    },
    async findByEmail(email) {
      return (
        await db.select().from(contacts).where(eq(contacts.email, email.trim().toLowerCase())).orderBy(asc(contacts.id))
      ).map(toRecord);
    },
    async count() {
      return (
        (
          await db
            .select({ n: sql<number>`count(*)`.mapWith(Number) })
            .from(contacts)
            .limit(1)
        )[0]?.n ?? 0
      );
    },
    update,
  };
}
