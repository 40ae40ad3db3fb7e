import { and, asc, count, eq, gte, inArray, isNotNull, lt, lte, or, sql } from 'drizzle-orm';
import {
  type CrmCheckOutcome,
  type CrmCheckRecord,
  type CrmLinkRecord,
  type CrmRepo,
  type CrmWriteRecord,
  REPLY_FACT_CLASSES,
} from '../../../pipeline/crm/ports.js';
import { countsOf, factsOf } from '../../repos/crm-rows.js';
import type { PgDb } from '../client.js';
import { companies, contacts, crmChecks, crmLinks, crmWrites, outreachEvents } from '../schema.js';

/** CRM checks, links and the outbox of CRM writes in PostgreSQL; claims skip rows another instance holds. */
/** The write as the attempt that claimed it holds it: still running, with no later claim counted. */
const heldAttempt = (write: { id: number; attempts: number }) =>
  and(eq(crmWrites.id, write.id), eq(crmWrites.status, 'running'), eq(crmWrites.attempts, write.attempts));

export function createCrmRepo(db: PgDb): CrmRepo {
  const due = (provider: string, now: Date) =>
    and(
      eq(crmWrites.provider, provider),
      or(
        and(eq(crmWrites.status, 'pending'), lte(crmWrites.nextAttemptAt, now)),
        and(eq(crmWrites.status, 'running'), lt(crmWrites.leaseUntil, now)),
      ),
    );
  const linkWhere = (provider: string, kind: string, localKey: string) =>
    and(eq(crmLinks.provider, provider), eq(crmLinks.kind, kind), eq(crmLinks.localKey, localKey));
  return {
    async saveCheck(check) {
      const { companyId, ...rest } = check;
      await db.insert(crmChecks).values(check).onConflictDoUpdate({ target: crmChecks.companyId, set: rest });
    },
    async getChecks(ids) {
      if (ids.length === 0) return [];
      return (await db.select().from(crmChecks).where(inArray(crmChecks.companyId, ids))) as CrmCheckRecord[];
    },
    async countChecks(provider) {
      const rows = await db
        .select({ outcome: crmChecks.outcome, n: count() })
        .from(crmChecks)
        .where(eq(crmChecks.provider, provider))
        .groupBy(crmChecks.outcome);
      const out: Record<CrmCheckOutcome, number> = { clear: 0, known: 0, failed: 0 };
      for (const r of rows) out[r.outcome] = Number(r.n);
      return out;
    },
    async getLink(provider, kind, localKey) {
      return (
        await db
          .select()
          .from(crmLinks)
          .where(linkWhere(provider, kind, localKey))
          .limit(1)
      )[0] as CrmLinkRecord | undefined;
    },
    async saveLink(link, at) {
      await db
        .insert(crmLinks)
        .values({ ...link, createdAt: at, updatedAt: at })
        .onConflictDoUpdate({
          target: [crmLinks.provider, crmLinks.kind, crmLinks.localKey],
          set: { crmId: link.crmId, url: link.url, createdByLeadbot: link.createdByLeadbot, updatedAt: at },
        });
      return (
        await db
          .select()
          .from(crmLinks)
          .where(linkWhere(link.provider, link.kind, link.localKey))
          .limit(1)
      )[0] as CrmLinkRecord;
    },
    async countLinks(provider) {
      const rows = await db
        .select({ kind: crmLinks.kind, n: count() })
        .from(crmLinks)
        .where(eq(crmLinks.provider, provider))
        .groupBy(crmLinks.kind);
      return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
    },
    async enqueue(provider, writes, at) {
      if (writes.length === 0) return 0;
      const inserted = await db
        .insert(crmWrites)
        .values(
          writes.map((w) => ({
            provider,
            kind: w.kind,
            key: w.key,
            payload: w.payload,
            nextAttemptAt: w.notBefore ?? at,
            createdAt: at,
            updatedAt: at,
          })),
        )
        .onConflictDoNothing({ target: [crmWrites.provider, crmWrites.key] })
        .returning({ id: crmWrites.id });
      return inserted.length;
    },
    async claim(provider, input) {
      const ids = db
        .select({ id: crmWrites.id })
        .from(crmWrites)
        .where(and(due(provider, input.now), input.kinds ? inArray(crmWrites.kind, input.kinds) : undefined))
        .orderBy(asc(crmWrites.id))
        .limit(input.limit)
        .for('update', { skipLocked: true });
      const rows = await db
        .update(crmWrites)
        .set({
          status: 'running',
          leaseUntil: input.leaseUntil,
          attempts: sql`${crmWrites.attempts} + 1`,
          updatedAt: input.now,
        })
        .where(and(inArray(crmWrites.id, ids), due(provider, input.now)))
        .returning();
      return (rows as CrmWriteRecord[]).sort((a, b) => a.id - b.id);
    },
    async finish(write, outcome, at) {
      const ended = await db
        .update(crmWrites)
        .set({
          status: outcome.status,
          leaseUntil: null,
          updatedAt: at,
          ...(outcome.result !== undefined ? { result: outcome.result } : {}),
          ...(outcome.lastError !== undefined ? { lastError: outcome.lastError } : {}),
          ...(outcome.nextAttemptAt ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
          ...(outcome.refundAttempt ? { attempts: sql`greatest(${crmWrites.attempts} - 1, 0)` } : {}),
          doneAt: outcome.status === 'done' ? at : null,
        })
        .where(heldAttempt(write))
        .returning({ id: crmWrites.id });
      return ended.length > 0;
    },
    async getWrite(provider, key) {
      return (
        await db
          .select()
          .from(crmWrites)
          .where(and(eq(crmWrites.provider, provider), eq(crmWrites.key, key)))
          .limit(1)
      )[0] as CrmWriteRecord | undefined;
    },
    async listWrites(filter) {
      return (await db
        .select()
        .from(crmWrites)
        .where(
          and(
            eq(crmWrites.provider, filter.provider),
            filter.status ? inArray(crmWrites.status, filter.status) : undefined,
          ),
        )
        .orderBy(asc(crmWrites.id))
        .limit(filter.limit ?? 100)) as CrmWriteRecord[];
    },
    async countWrites(provider) {
      const rows = await db
        .select({ status: crmWrites.status, kind: crmWrites.kind, n: count() })
        .from(crmWrites)
        .where(eq(crmWrites.provider, provider))
        .groupBy(crmWrites.status, crmWrites.kind);
      const oldest = (
        await db
          .select({ at: sql<Date | string | null>`min(${crmWrites.createdAt})` })
          .from(crmWrites)
          .where(and(eq(crmWrites.provider, provider), inArray(crmWrites.status, ['pending', 'running'])))
      )[0]?.at;
      return countsOf(rows, oldest ? new Date(oldest) : null);
    },
    async retryFailed(provider, at) {
      return (
        await db
          .update(crmWrites)
          .set({ status: 'pending', nextAttemptAt: at, updatedAt: at, attempts: 0 })
          .where(and(eq(crmWrites.provider, provider), eq(crmWrites.status, 'failed')))
          .returning({ id: crmWrites.id })
      ).length;
    },
    async facts(since) {
      const approved = await db
        .select({ id: companies.id })
        .from(companies)
        .where(and(eq(companies.status, 'approved'), gte(companies.updatedAt, since)));
      const people = await db
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
        );
      const events = await db
        .select({
          id: outreachEvents.id,
          kind: outreachEvents.kind,
          status: outreachEvents.status,
          contactId: outreachEvents.contactId,
          companyId: outreachEvents.companyId,
          sequenceId: outreachEvents.sequenceId,
          classification: outreachEvents.classification,
          hasBody: sql<boolean>`${outreachEvents.body} is not null`,
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
        .orderBy(asc(outreachEvents.id));
      const bounced = await db
        .select({ contactId: contacts.id, email: contacts.email })
        .from(contacts)
        .where(and(eq(contacts.status, 'bounced'), isNotNull(contacts.email), gte(contacts.updatedAt, since)));
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
