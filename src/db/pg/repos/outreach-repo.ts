import { and, asc, desc, eq, gte, inArray, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { AppError } from '../../../errors.js';
import type {
  OutreachEventRecord,
  OutreachRepo,
  SequenceRecord,
  SuppressionRecord,
  SuppressionRepo,
} from '../../../pipeline/outreach/ports.js';
import type { PgDb } from '../client.js';
import { outreachEvents, outreachSequences, suppressionList } from '../schema.js';

/** Sequences and outreach events in PostgreSQL. Send idempotency rests on the unique idempotency key. */
export function createOutreachRepo(db: PgDb): OutreachRepo {
  const getSequence = async (id: number) =>
    (await db.select().from(outreachSequences).where(eq(outreachSequences.id, id)).limit(1))[0] as
      | SequenceRecord
      | undefined;
  const getEvent = async (id: number) =>
    (await db.select().from(outreachEvents).where(eq(outreachEvents.id, id)).limit(1))[0] as
      | OutreachEventRecord
      | undefined;
  const getEventByKey = async (key: string) =>
    (await db.select().from(outreachEvents).where(eq(outreachEvents.idempotencyKey, key)).limit(1))[0] as
      | OutreachEventRecord
      | undefined;
  return {
    async createSequence(input, at) {
      await db
        .insert(outreachSequences)
        .values({ ...input, createdAt: at, updatedAt: at })
        .onConflictDoNothing();
      return (
        await db.select().from(outreachSequences).where(eq(outreachSequences.draftId, input.draftId)).limit(1)
      )[0] as SequenceRecord;
    },
    getSequence,
    async sequenceForDraft(draftId) {
      return (await db.select().from(outreachSequences).where(eq(outreachSequences.draftId, draftId)).limit(1))[0] as
        | SequenceRecord
        | undefined;
    },
    async sequencesForContact(contactId) {
      return (await db
        .select()
        .from(outreachSequences)
        .where(eq(outreachSequences.contactId, contactId))) as SequenceRecord[];
    },
    async updateSequence(id, patch, at) {
      const result = await db
        .update(outreachSequences)
        .set({ ...patch, updatedAt: at })
        .where(eq(outreachSequences.id, id));
      if (result.rowCount === 0) throw new AppError('not_found', `Sequence ${id} does not exist`);
      return (await getSequence(id))!;
    },
    async listSequences(filter) {
      const where: SQL[] = [];
      if (filter.status) where.push(inArray(outreachSequences.status, filter.status));
      if (filter.sender) where.push(eq(outreachSequences.sender, filter.sender));
      return (await db
        .select()
        .from(outreachSequences)
        .where(where.length > 0 ? and(...where) : undefined)
        .orderBy(asc(outreachSequences.id))) as SequenceRecord[];
    },
    async insertEvent(event, at) {
      if (event.idempotencyKey) {
        const existing = await getEventByKey(event.idempotencyKey);
        if (existing) return { event: existing, created: false };
      }
      const row = (
        await db
          .insert(outreachEvents)
          .values({ ...event, createdAt: at, updatedAt: at })
          .onConflictDoNothing()
          .returning()
      )[0]!;
      if (!row) return { event: (await getEventByKey(event.idempotencyKey!))!, created: false };
      return { event: row as OutreachEventRecord, created: true };
    },
    getEvent,
    getEventByKey,
    async updateEvent(id, patch, at) {
      await db
        .update(outreachEvents)
        .set({ ...patch, updatedAt: at })
        .where(eq(outreachEvents.id, id));
      const row = await getEvent(id);
      if (!row) throw new AppError('not_found', `Outreach event ${id} does not exist`);
      return row;
    },
    async transitionEvent(id, from, patch, at) {
      const { id: _id, createdAt: _c, ...rest } = patch as OutreachEventRecord;
      const result = await db
        .update(outreachEvents)
        .set({ ...rest, updatedAt: at })
        .where(and(eq(outreachEvents.id, id), inArray(outreachEvents.status, from)));
      return result.rowCount === 1;
    },
    async eventsForSequence(sequenceId) {
      return (await db
        .select()
        .from(outreachEvents)
        .where(eq(outreachEvents.sequenceId, sequenceId))
        .orderBy(asc(outreachEvents.id))) as OutreachEventRecord[];
    },
    async eventsForContact(contactId) {
      return (await db
        .select()
        .from(outreachEvents)
        .where(eq(outreachEvents.contactId, contactId))
        .orderBy(asc(outreachEvents.id))) as OutreachEventRecord[];
    },
    async listSends(filter) {
      const where: SQL[] = [eq(outreachEvents.kind, 'send'), inArray(outreachEvents.status, filter.status)];
      if (filter.dueBefore) where.push(lte(outreachEvents.scheduledFor, filter.dueBefore));
      return (await db
        .select()
        .from(outreachEvents)
        .where(and(...where))
        .orderBy(asc(outreachEvents.scheduledFor), asc(outreachEvents.id))
        .limit(filter.limit ?? 500)) as OutreachEventRecord[];
    },
    async findSendByMessageId(messageIds) {
      if (messageIds.length === 0) return undefined;
      return (
        await db
          .select()
          .from(outreachEvents)
          .where(and(eq(outreachEvents.kind, 'send'), inArray(outreachEvents.messageId, messageIds)))
          .orderBy(desc(outreachEvents.id))
          .limit(1)
      )[0] as OutreachEventRecord | undefined;
    },
    async findSendsToRecipient(email) {
      return (await db
        .select()
        .from(outreachEvents)
        .where(
          and(
            eq(outreachEvents.kind, 'send'),
            sql`lower(${outreachEvents.recipient}) = ${email.toLowerCase()}`,
            inArray(outreachEvents.status, ['sent', 'uncertain', 'intended']),
          ),
        )
        .orderBy(desc(outreachEvents.id))) as OutreachEventRecord[];
    },
    async findInbound(messageId) {
      return (
        await db
          .select()
          .from(outreachEvents)
          .where(
            and(
              eq(outreachEvents.messageId, messageId),
              inArray(outreachEvents.kind, ['reply', 'bounce', 'unsubscribe', 'auto_reply']),
            ),
          )
          .limit(1)
      )[0] as OutreachEventRecord | undefined;
    },
    async countSends(filter) {
      const row = (
        await db
          .select({ n: sql<number>`count(*)`.mapWith(Number) })
          .from(outreachEvents)
          .where(
            and(
              eq(outreachEvents.kind, 'send'),
              eq(outreachEvents.mailbox, filter.mailbox),
              inArray(outreachEvents.status, ['sent', 'intended', 'uncertain']),
              gte(outreachEvents.occurredAt, filter.from),
              lt(outreachEvents.occurredAt, filter.to),
            ),
          )
          .limit(1)
      )[0];
      return row?.n ?? 0;
    },
    async lastSendToDomain(domain) {
      return (
        await db
          .select()
          .from(outreachEvents)
          .where(
            and(
              eq(outreachEvents.kind, 'send'),
              inArray(outreachEvents.status, ['sent', 'intended', 'uncertain']),
              sql`lower(${outreachEvents.recipient}) like ${`%@${domain.toLowerCase()}`}`,
            ),
          )
          .orderBy(desc(outreachEvents.occurredAt))
          .limit(1)
      )[0] as OutreachEventRecord | undefined;
    },
    async recentSendsFrom(sender, limit) {
      return (await db
        .select()
        .from(outreachEvents)
        .where(
          and(
            eq(outreachEvents.kind, 'send'),
            eq(outreachEvents.sender, sender),
            or(
              eq(outreachEvents.status, 'sent'),
              and(eq(outreachEvents.status, 'failed'), eq(outreachEvents.classification, 'hard_bounce')),
            ),
          ),
        )
        .orderBy(desc(outreachEvents.occurredAt), desc(outreachEvents.id))
        .limit(limit)) as OutreachEventRecord[];
    },
    async listEvents(filter) {
      const where: SQL[] = [];
      if (filter.kind) where.push(inArray(outreachEvents.kind, filter.kind));
      if (filter.since)
        where.push(or(gte(outreachEvents.occurredAt, filter.since), gte(outreachEvents.createdAt, filter.since))!);
      if (filter.between) {
        const column = filter.between.by === 'occurredAt' ? outreachEvents.occurredAt : outreachEvents.createdAt;
        where.push(gte(column, filter.between.from), lt(column, filter.between.to));
      }
      return (await db
        .select()
        .from(outreachEvents)
        .where(where.length > 0 ? and(...where) : undefined)
        .orderBy(desc(outreachEvents.id))
        .limit(filter.limit ?? 200)) as OutreachEventRecord[];
    },
    async countEvents(filter) {
      const where: SQL[] = [inArray(outreachEvents.kind, filter.kind)];
      if (filter.status) where.push(inArray(outreachEvents.status, filter.status));
      const row = (
        await db
          .select({ n: sql<number>`count(*)`.mapWith(Number) })
          .from(outreachEvents)
          .where(and(...where))
          .limit(1)
      )[0];
      return row?.n ?? 0;
    },
  };
}

/** The suppression list: exact addresses and whole domains. */
export function createSuppressionRepo(db: PgDb): SuppressionRepo {
  const find = async (kind: 'email' | 'domain', value: string) =>
    (
      await db
        .select()
        .from(suppressionList)
        .where(and(eq(suppressionList.kind, kind), eq(suppressionList.value, value)))
        .limit(1)
    )[0] as SuppressionRecord | undefined;
  return {
    async add(entry, at) {
      const value = entry.value.trim().toLowerCase();
      await db
        .insert(suppressionList)
        .values({ ...entry, value, createdBy: entry.createdBy ?? null, createdAt: at })
        .onConflictDoNothing();
      return (await find(entry.kind, value))!;
    },
    async match(email) {
      const address = email.trim().toLowerCase();
      const exact = await find('email', address);
      if (exact) return exact;
      // A suppressed domain covers its subdomains too (mail.acme.example under acme.example).
      const labels = (address.split('@')[1] ?? '').split('.').filter(Boolean);
      for (let i = 0; i < labels.length - 1; i++) {
        const hit = await find('domain', labels.slice(i).join('.'));
        if (hit) return hit;
      }
      return undefined;
    },
    async list(limit = 200) {
      return (await db
        .select()
        .from(suppressionList)
        .orderBy(desc(suppressionList.id))
        .limit(limit)) as SuppressionRecord[];
    },
  };
}
