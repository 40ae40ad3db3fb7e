import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { AppError } from '../../errors.js';
import type { ContactRecord, ContactRepo, NewContact, Verification } from '../../pipeline/contacts/ports.js';
import { type Db, sessionOf } from '../client.js';
import { contacts } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

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
 * Contacts in SQLite. `upsert` is idempotent per (company, email), and per (company, name) for a person found
 * without an address, so re-running enrichment never duplicates anyone.
 */
export function createContactRepo(db: Db): ContactRepo {
  return asyncRepo<ContactRepo>(sessionOf(db), createContactRepoSync(db));
}

function createContactRepoSync(db: Db): Sync<ContactRepo> {
  const get = (id: number) => {
    const row = db.select().from(contacts).where(eq(contacts.id, id)).get();
    return row ? toRecord(row) : undefined;
  };
  const findSame = (contact: NewContact): ContactRecord | undefined => {
    if (contact.email) {
      const row = db
        .select()
        .from(contacts)
        .where(and(eq(contacts.companyId, contact.companyId), eq(contacts.email, contact.email)))
        .get();
      return row ? toRecord(row) : undefined;
    }
    if (!contact.fullName) return undefined;
    const row = db
      .select()
      .from(contacts)
      .where(
        and(
          eq(contacts.companyId, contact.companyId),
          isNull(contacts.email),
          sql`lower(${contacts.fullName}) = ${contact.fullName.toLowerCase()}`,
        ),
      )
      .get();
    return row ? toRecord(row) : undefined;
  };
  const update = (id: number, patch: Patch, at: Date): ContactRecord => {
    const { id: _id, companyId: _c, createdAt: _a, ...rest } = patch as ContactRecord;
    const result = db
      .update(contacts)
      .set({ ...rest, updatedAt: at })
      .where(eq(contacts.id, id))
      .run();
    if (result.changes === 0) throw new AppError('not_found', `Contact ${id} does not exist`);
    return get(id)!;
  };
  return {
    upsert(contact, at) {
      const normalized: NewContact = { ...contact, email: contact.email ? contact.email.trim().toLowerCase() : null };
      const existing = findSame(normalized);
      if (existing) return update(existing.id, mergePatch(existing, normalized), at);
      const row = db
        .insert(contacts)
        .values({
          ...normalized,
          isPrimary: normalized.isPrimary ?? false,
          status: normalized.status ?? 'active',
          createdAt: at,
          updatedAt: at,
        })
        .returning()
        .get();
      return toRecord(row);
    },
    get,
    listForCompany(companyId) {
      return db
        .select()
        .from(contacts)
        .where(eq(contacts.companyId, companyId))
        .orderBy(desc(contacts.isPrimary), sql`coalesce(${contacts.titleRank}, 999)`, asc(contacts.id))
        .all()
        .map(toRecord);
    },
    primaryFor(companyId) {
      const row = db
        .select()
        .from(contacts)
        .where(and(eq(contacts.companyId, companyId), eq(contacts.isPrimary, true)))
        .get();
      return row ? toRecord(row) : undefined;
    },
    setPrimary(companyId, contactId, at) {
      db.transaction((tx) => {
        const target = tx.select().from(contacts).where(eq(contacts.id, contactId)).get();
        if (!target || target.companyId !== companyId)
          throw new AppError('not_found', `Contact ${contactId} does not belong to company ${companyId}`);
        tx.update(contacts)
          .set({ isPrimary: false, updatedAt: at })
          .where(and(eq(contacts.companyId, companyId), eq(contacts.isPrimary, true)))
          .run();
        tx.update(contacts).set({ isPrimary: true, updatedAt: at }).where(eq(contacts.id, contactId)).run();
      });
    },
    findByEmail(email) {
      return db
        .select()
        .from(contacts)
        .where(eq(contacts.email, email.trim().toLowerCase()))
        .orderBy(asc(contacts.id))
        .all()
        .map(toRecord);
    },
    count() {
      return db.select({ n: sql<number>`count(*)` }).from(contacts).get()?.n ?? 0;
    },
    update,
  };
}
