import { and, asc, desc, eq, gte, inArray, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { AppError } from '../../errors.js';
import type {
  OutreachEventRecord,
  OutreachRepo,
  SequenceRecord,
  SuppressionRecord,
  SuppressionRepo,
} from '../../pipeline/outreach/ports.js';
import { type Db, sessionOf } from '../client.js';
import { outreachEvents, outreachSequences, suppressionList } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

/** Sequences and outreach events in SQLite. Send idempotency rests on the unique idempotency key. */
export function createOutreachRepo(db: Db): OutreachRepo {
  return asyncRepo<OutreachRepo>(sessionOf(db), createOutreachRepoSync(db));
}

function createOutreachRepoSync(db: Db): Sync<OutreachRepo> {
  const getSequence = (id: number) =>
    db.select().from(outreachSequences).where(eq(outreachSequences.id, id)).get() as SequenceRecord | undefined;
  const getEvent = (id: number) =>
    db.select().from(outreachEvents).where(eq(outreachEvents.id, id)).get() as OutreachEventRecord | undefined;
  const getEventByKey = (key: string) =>
    db.select().from(outreachEvents).where(eq(outreachEvents.idempotencyKey, key)).get() as
      | OutreachEventRecord
      | undefined;
  return {
    createSequence(input, at) {
      db.insert(outreachSequences)
        .values({ ...input, createdAt: at, updatedAt: at })
        .onConflictDoNothing()
        .run();
      return db
        .select()
        .from(outreachSequences)
        .where(eq(outreachSequences.draftId, input.draftId))
        .get() as SequenceRecord;
    },
    getSequence,
    sequenceForDraft(draftId) {
      return db.select().from(outreachSequences).where(eq(outreachSequences.draftId, draftId)).get() as
        | SequenceRecord
        | undefined;
    },
    sequencesForContact(contactId) {
      return db
        .select()
        .from(outreachSequences)
        .where(eq(outreachSequences.contactId, contactId))
        .all() as SequenceRecord[];
    },
    updateSequence(id, patch, at) {
      const result = db
        .update(outreachSequences)
        .set({ ...patch, updatedAt: at })
        .where(eq(outreachSequences.id, id))
        .run();
      if (result.changes === 0) throw new AppError('not_found', `Sequence ${id} does not exist`);
      return getSequence(id)!;
    },
    listSequences(filter) {
      const where: SQL[] = [];
      if (filter.status) where.push(inArray(outreachSequences.status, filter.status));
      if (filter.sender) where.push(eq(outreachSequences.sender, filter.sender));
      return db
        .select()
        .from(outreachSequences)
        .where(where.length > 0 ? and(...where) : undefined)
        .orderBy(asc(outreachSequences.id))
        .all() as SequenceRecord[];
    },
    insertEvent(event, at) {
      if (event.idempotencyKey) {
        const existing = getEventByKey(event.idempotencyKey);
        if (existing) return { event: existing, created: false };
      }
      const row = db
        .insert(outreachEvents)
        .values({ ...event, createdAt: at, updatedAt: at })
        .onConflictDoNothing()
        .returning()
        .get();
      if (!row) return { event: getEventByKey(event.idempotencyKey!)!, created: false };
      return { event: row as OutreachEventRecord, created: true };
    },
    getEvent,
    getEventByKey,
    updateEvent(id, patch, at) {
      db.update(outreachEvents)
        .set({ ...patch, updatedAt: at })
        .where(eq(outreachEvents.id, id))
        .run();
      const row = getEvent(id);
      if (!row) throw new AppError('not_found', `Outreach event ${id} does not exist`);
      return row;
    },
    transitionEvent(id, from, patch, at) {
      const { id: _id, createdAt: _c, ...rest } = patch as OutreachEventRecord;
      const result = db
        .update(outreachEvents)
        .set({ ...rest, updatedAt: at })
        .where(and(eq(outreachEvents.id, id), inArray(outreachEvents.status, from)))
        .run();
      return result.changes === 1;
    },
    eventsForSequence(sequenceId) {
      return db
        .select()
        .from(outreachEvents)
        .where(eq(outreachEvents.sequenceId, sequenceId))
        .orderBy(asc(outreachEvents.id))
        .all() as OutreachEventRecord[];
    },
    eventsForContact(contactId) {
      return db
        .select()
        .from(outreachEvents)
        .where(eq(outreachEvents.contactId, contactId))
        .orderBy(asc(outreachEvents.id))
        .all() as OutreachEventRecord[];
    },
    listSends(filter) {
      const where: SQL[] = [eq(outreachEvents.kind, 'send'), inArray(outreachEvents.status, filter.status)];
      if (filter.dueBefore) where.push(lte(outreachEvents.scheduledFor, filter.dueBefore));
      return db
        .select()
        .from(outreachEvents)
        .where(and(...where))
        .orderBy(asc(outreachEvents.scheduledFor), asc(outreachEvents.id))
        .limit(filter.limit ?? 500)
        .all() as OutreachEventRecord[];
    },
    findSendByMessageId(messageIds) {
      if (messageIds.length === 0) return undefined;
      return db
        .select()
        .from(outreachEvents)
        .where(and(eq(outreachEvents.kind, 'send'), inArray(outreachEvents.messageId, messageIds)))
        .orderBy(desc(outreachEvents.id))
        .get() as OutreachEventRecord | undefined;
    },
    findSendsToRecipient(email) {
      return db
        .select()
        .from(outreachEvents)
        .where(
          and(
            eq(outreachEvents.kind, 'send'),
            sql`lower(${outreachEvents.recipient}) = ${email.toLowerCase()}`,
            inArray(outreachEvents.status, ['sent', 'uncertain', 'intended']),
          ),
        )
        .orderBy(desc(outreachEvents.id))
        .all() as OutreachEventRecord[];
    },
    findInbound(messageId) {
      return db
        .select()
        .from(outreachEvents)
        .where(
          and(
            eq(outreachEvents.messageId, messageId),
            inArray(outreachEvents.kind, ['reply', 'bounce', 'unsubscribe', 'auto_reply']),
          ),
        )
        .get() as OutreachEventRecord | undefined;
    },
    countSends(filter) {
      const row = db
        .select({ n: sql<number>`count(*)` })
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
        .get();
      return row?.n ?? 0;
    },
    lastSendToDomain(domain) {
      return db
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
        .get() as OutreachEventRecord | undefined;
    },
    recentSendsFrom(sender, limit) {
      return db
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
        .limit(limit)
        .all() as OutreachEventRecord[];
    },
    listEvents(filter) {
      const where: SQL[] = [];
      if (filter.kind) where.push(inArray(outreachEvents.kind, filter.kind));
      if (filter.since)
        where.push(or(gte(outreachEvents.occurredAt, filter.since), gte(outreachEvents.createdAt, filter.since))!);
      if (filter.between) {
        const column = filter.between.by === 'occurredAt' ? outreachEvents.occurredAt : outreachEvents.createdAt;
        where.push(gte(column, filter.between.from), lt(column, filter.between.to));
      }
      return db
        .select()
        .from(outreachEvents)
        .where(where.length > 0 ? and(...where) : undefined)
        .orderBy(desc(outreachEvents.id))
        .limit(filter.limit ?? 200)
        .all() as OutreachEventRecord[];
    },
    countEvents(filter) {
      const where: SQL[] = [inArray(outreachEvents.kind, filter.kind)];
      if (filter.status) where.push(inArray(outreachEvents.status, filter.status));
      const row = db
        .select({ n: sql<number>`count(*)` })
        .from(outreachEvents)
        .where(and(...where))
        .get();
      return row?.n ?? 0;
    },
  };
}

/** The suppression list: exact addresses and whole domains. */
export function createSuppressionRepo(db: Db): SuppressionRepo {
  return asyncRepo<SuppressionRepo>(sessionOf(db), createSuppressionRepoSync(db));
}

function createSuppressionRepoSync(db: Db): Sync<SuppressionRepo> {
  const find = (kind: 'email' | 'domain', value: string) =>
    db
      .select()
      .from(suppressionList)
      .where(and(eq(suppressionList.kind, kind), eq(suppressionList.value, value)))
      .get() as SuppressionRecord | undefined;
  return {
    add(entry, at) {
      const value = entry.value.trim().toLowerCase();
      db.insert(suppressionList)
        .values({ ...entry, value, createdBy: entry.createdBy ?? null, createdAt: at })
        .onConflictDoNothing()
        .run();
      return find(entry.kind, value)!;
    },
    match(email) {
      const address = email.trim().toLowerCase();
      const exact = find('email', address);
      if (exact) return exact;
      // A suppressed domain covers its subdomains too (mail.acme.example under acme.example).
      const labels = (address.split('@')[1] ?? '').split('.').filter(Boolean);
      for (let i = 0; i < labels.length - 1; i++) {
        const hit = find('domain', labels.slice(i).join('.'));
        if (hit) return hit;
      }
      return undefined;
    },
    list(limit = 200) {
      return db
        .select()
        .from(suppressionList)
        .orderBy(desc(suppressionList.id))
        .limit(limit)
        .all() as SuppressionRecord[];
    },
  };
}
