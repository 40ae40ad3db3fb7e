import { and, asc, count, eq, gte, inArray, isNotNull, lt, lte, or, sql } from 'drizzle-orm';
import {
  type CrmCheckOutcome,
  type CrmCheckRecord,
  type CrmLinkRecord,
  type CrmRepo,
  type CrmWriteRecord,
  REPLY_FACT_CLASSES,
} from '../../pipeline/crm/ports.js';
import { type Db, sessionOf } from '../client.js';
import { companies, contacts, crmChecks, crmLinks, crmWrites, outreachEvents } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';
import { countsOf, factsOf } from './crm-rows.js';

/** CRM checks, links and the outbox of CRM writes in SQLite. */
export function createCrmRepo(db: Db): CrmRepo {
  return asyncRepo<CrmRepo>(sessionOf(db), createCrmRepoSync(db));
}

/** The write as the attempt that claimed it holds it: still running, with no later claim counted. */
const heldAttempt = (write: { id: number; attempts: number }) =>
  and(eq(crmWrites.id, write.id), eq(crmWrites.status, 'running'), eq(crmWrites.attempts, write.attempts));

function createCrmRepoSync(db: Db): Sync<CrmRepo> {
  const due = (provider: string, now: Date) =>
    and(
      eq(crmWrites.provider, provider),
      or(
        and(eq(crmWrites.status, 'pending'), lte(crmWrites.nextAttemptAt, now)),
        and(eq(crmWrites.status, 'running'), lt(crmWrites.leaseUntil, now)),
      ),
    );
  return {
    saveCheck(check) {
      const { companyId, ...rest } = check;
      db.insert(crmChecks).values(check).onConflictDoUpdate({ target: crmChecks.companyId, set: rest }).run();
    },
    getChecks(ids) {
      if (ids.length === 0) return [];
      return db.select().from(crmChecks).where(inArray(crmChecks.companyId, ids)).all() as CrmCheckRecord[];
    },
    countChecks(provider) {
      const rows = db
        .select({ outcome: crmChecks.outcome, n: count() })
        .from(crmChecks)
        .where(eq(crmChecks.provider, provider))
        .groupBy(crmChecks.outcome)
        .all();
      const out: Record<CrmCheckOutcome, number> = { clear: 0, known: 0, failed: 0 };
      for (const r of rows) out[r.outcome] = r.n;
      return out;
    },
    getLink(provider, kind, localKey) {
      return db
        .select()
        .from(crmLinks)
        .where(and(eq(crmLinks.provider, provider), eq(crmLinks.kind, kind), eq(crmLinks.localKey, localKey)))
        .get() as CrmLinkRecord | undefined;
    },
    saveLink(link, at) {
      db.insert(crmLinks)
        .values({ ...link, createdAt: at, updatedAt: at })
        .onConflictDoUpdate({
          target: [crmLinks.provider, crmLinks.kind, crmLinks.localKey],
          set: { crmId: link.crmId, url: link.url, createdByLeadbot: link.createdByLeadbot, updatedAt: at },
        })
        .run();
      return db
        .select()
        .from(crmLinks)
        .where(
          and(eq(crmLinks.provider, link.provider), eq(crmLinks.kind, link.kind), eq(crmLinks.localKey, link.localKey)),
        )
        .get() as CrmLinkRecord;
    },
    countLinks(provider) {
      const rows = db
        .select({ kind: crmLinks.kind, n: count() })
        .from(crmLinks)
        .where(eq(crmLinks.provider, provider))
        .groupBy(crmLinks.kind)
        .all();
      return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
    },
    enqueue(provider, writes, at) {
      let added = 0;
      for (const w of writes) {
        const result = db
          .insert(crmWrites)
          .values({
            provider,
            kind: w.kind,
            key: w.key,
            payload: w.payload,
            nextAttemptAt: w.notBefore ?? at,
            createdAt: at,
            updatedAt: at,
          })
          .onConflictDoNothing({ target: [crmWrites.provider, crmWrites.key] })
          .run();
        added += result.changes;
      }
      return added;
    },
    claim(provider, input) {
      const ids = db
        .select({ id: crmWrites.id })
        .from(crmWrites)
        .where(and(due(provider, input.now), input.kinds ? inArray(crmWrites.kind, input.kinds) : undefined))
        .orderBy(asc(crmWrites.id))
        .limit(input.limit)
        .all()
        .map((r) => r.id);
      if (ids.length === 0) return [];
      return db
        .update(crmWrites)
        .set({
          status: 'running',
          leaseUntil: input.leaseUntil,
          attempts: sql`${crmWrites.attempts} + 1`,
          updatedAt: input.now,
        })
        .where(and(inArray(crmWrites.id, ids), due(provider, input.now)))
        .returning()
        .all()
        .sort((a, b) => a.id - b.id) as CrmWriteRecord[];
    },
    finish(write, outcome, at) {
      const { changes } = db
        .update(crmWrites)
        .set({
          status: outcome.status,
          leaseUntil: null,
          updatedAt: at,
          ...(outcome.result !== undefined ? { result: outcome.result } : {}),
          ...(outcome.lastError !== undefined ? { lastError: outcome.lastError } : {}),
          ...(outcome.nextAttemptAt ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
          ...(outcome.refundAttempt ? { attempts: sql`max(${crmWrites.attempts} - 1, 0)` } : {}),
          doneAt: outcome.status === 'done' ? at : null,
        })
        .where(heldAttempt(write))
        .run();
      return changes > 0;
    },
    getWrite(provider, key) {
      return db
        .select()
        .from(crmWrites)
        .where(and(eq(crmWrites.provider, provider), eq(crmWrites.key, key)))
        .get() as CrmWriteRecord | undefined;
    },
    listWrites(filter) {
      return db
        .select()
        .from(crmWrites)
        .where(
          and(
            eq(crmWrites.provider, filter.provider),
            filter.status ? inArray(crmWrites.status, filter.status) : undefined,
          ),
        )
        .orderBy(asc(crmWrites.id))
        .limit(filter.limit ?? 100)
        .all() as CrmWriteRecord[];
    },
    countWrites(provider) {
      const rows = db
        .select({ status: crmWrites.status, kind: crmWrites.kind, n: count() })
        .from(crmWrites)
        .where(eq(crmWrites.provider, provider))
        .groupBy(crmWrites.status, crmWrites.kind)
        .all();
      const oldest = db
        .select({ at: sql<number | null>`min(${crmWrites.createdAt})` })
        .from(crmWrites)
        .where(and(eq(crmWrites.provider, provider), inArray(crmWrites.status, ['pending', 'running'])))
        .get()?.at;
      return countsOf(rows, oldest === null || oldest === undefined ? null : new Date(oldest));
    },
    retryFailed(provider, at) {
      return db
        .update(crmWrites)
        .set({ status: 'pending', nextAttemptAt: at, updatedAt: at, attempts: 0 })
        .where(and(eq(crmWrites.provider, provider), eq(crmWrites.status, 'failed')))
        .run().changes;
    },
    facts(since) {
      const approved = db
        .select({ id: companies.id })
        .from(companies)
        .where(and(eq(companies.status, 'approved'), gte(companies.updatedAt, since)))
        .all();
      const people = db
        .select({ contactId: contacts.id, companyId: contacts.companyId })
        .from(contacts)
        .innerJoin(companies, eq(companies.id, contacts.companyId))
        .where(
          and(
            eq(companies.status, 'approved'),
            eq(contacts.isPrimary, true),
            isNotNull(contacts.email),
            or(gte(contacts.updatedAt, since), gte(companies.updatedAt, since)),
          ),
        )
        .all();
      const events = db
        .select({
          id: outreachEvents.id,
          kind: outreachEvents.kind,
          status: outreachEvents.status,
          contactId: outreachEvents.contactId,
          companyId: outreachEvents.companyId,
          sequenceId: outreachEvents.sequenceId,
          classification: outreachEvents.classification,
          hasBody: sql<number>`${outreachEvents.body} is not null`,
          recipient: outreachEvents.recipient,
          contactEmail: contacts.email,
        })
        .from(outreachEvents)
        .leftJoin(contacts, eq(contacts.id, outreachEvents.contactId))
        .where(
          and(
            gte(outreachEvents.updatedAt, since),
            or(
              and(eq(outreachEvents.kind, 'send'), eq(outreachEvents.status, 'sent')),
              and(inArray(outreachEvents.kind, ['reply', 'unsubscribe']), eq(outreachEvents.status, 'received')),
            ),
          ),
        )
        .orderBy(asc(outreachEvents.id))
        .all();
      const bounced = db
        .select({ contactId: contacts.id, email: contacts.email })
        .from(contacts)
        .where(and(eq(contacts.status, 'bounced'), isNotNull(contacts.email), gte(contacts.updatedAt, since)))
        .all();
      return factsOf({
        approved,
        people,
        events: events.map((e) => ({ ...e, hasBody: Boolean(e.hasBody) })),
        bounced,
        replyClasses: REPLY_FACT_CLASSES,
      });
    },
  };
}
