import { and, eq, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { SenderRecord, SenderRepo, SlotRefusal } from '../../pipeline/outreach/pool/ports.js';
import { type Db, sessionOf } from '../client.js';
import { mailSenders, senderDailySends } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

/**
 * Senders and their daily reservations in SQLite. A reservation is one immediate transaction (the database's write
 * lock; a savepoint inside a caller's transaction) with conditional writes, so processes sharing the file never pass
 * the cap or the pacing gap together, and one that dies half-way leaves no reservation behind.
 */
export function createSenderRepo(db: Db): SenderRepo {
  return asyncRepo<SenderRepo>(sessionOf(db), createSenderRepoSync(db));
}

function createSenderRepoSync(db: Db): Sync<SenderRepo> {
  const get = (name: string) =>
    db.select().from(mailSenders).where(eq(mailSenders.name, name)).get() as SenderRecord | undefined;
  const reserved = (name: string, day: string) =>
    db
      .select({ n: senderDailySends.reserved })
      .from(senderDailySends)
      .where(and(eq(senderDailySends.sender, name), eq(senderDailySends.day, day)))
      .get()?.n ?? 0;
  const reserveNow = (
    name: string,
    input: { day: string; cap: number; gapMs: number },
    at: Date,
  ): { ok: true } | { ok: false; why: SlotRefusal } => {
    const sender = get(name);
    if (!sender || sender.status === 'paused') return { ok: false, why: 'paused' };
    if (input.gapMs > 0 && sender.lastSendAt && at.getTime() - sender.lastSendAt.getTime() < input.gapMs)
      return { ok: false, why: 'gap' };
    db.insert(senderDailySends)
      .values({ sender: name, day: input.day, reserved: 0, updatedAt: at })
      .onConflictDoNothing()
      .run();
    const taken = db
      .update(senderDailySends)
      .set({ reserved: sql`${senderDailySends.reserved} + 1`, updatedAt: at })
      .where(
        and(
          eq(senderDailySends.sender, name),
          eq(senderDailySends.day, input.day),
          lt(senderDailySends.reserved, input.cap),
        ),
      )
      .run();
    if (taken.changes !== 1) return { ok: false, why: 'cap' };
    // The pacing gap is claimed with a conditional write too, so two instances cannot both send within it.
    const paced = db
      .update(mailSenders)
      .set({
        lastSendAt: at,
        warmupStartedAt: sql`coalesce(${mailSenders.warmupStartedAt}, ${at.getTime()})`,
        updatedAt: at,
      })
      .where(
        and(
          eq(mailSenders.name, name),
          eq(mailSenders.status, 'active'),
          input.gapMs > 0
            ? or(isNull(mailSenders.lastSendAt), lte(mailSenders.lastSendAt, new Date(at.getTime() - input.gapMs)))
            : undefined,
        ),
      )
      .run();
    if (paced.changes === 1) return { ok: true };
    db.update(senderDailySends)
      .set({ reserved: sql`${senderDailySends.reserved} - 1`, updatedAt: at })
      .where(and(eq(senderDailySends.sender, name), eq(senderDailySends.day, input.day)))
      .run();
    return { ok: false, why: get(name)?.status === 'paused' ? 'paused' : 'gap' };
  };
  return {
    sync(senders, at) {
      for (const s of senders)
        db.insert(mailSenders)
          .values({ name: s.name, address: s.address, createdAt: at, updatedAt: at })
          .onConflictDoUpdate({ target: mailSenders.name, set: { address: s.address, updatedAt: at } })
          .run();
    },
    get,
    list() {
      return db.select().from(mailSenders).orderBy(mailSenders.name).all() as SenderRecord[];
    },
    reserve(name, input, at) {
      return db.transaction(() => reserveNow(name, input, at), { behavior: 'immediate' });
    },
    release(name, day, at) {
      db.update(senderDailySends)
        .set({ reserved: sql`${senderDailySends.reserved} - 1`, updatedAt: at })
        .where(
          and(eq(senderDailySends.sender, name), eq(senderDailySends.day, day), sql`${senderDailySends.reserved} > 0`),
        )
        .run();
    },
    reserved,
    pause(name, input, at) {
      const result = db
        .update(mailSenders)
        .set({ status: 'paused', pauseReason: input.reason, pausedBy: input.by, pausedAt: at, updatedAt: at })
        .where(and(eq(mailSenders.name, name), eq(mailSenders.status, 'active')))
        .run();
      return result.changes === 1;
    },
    resume(name, at) {
      const result = db
        .update(mailSenders)
        .set({
          status: 'active',
          pauseReason: null,
          pausedBy: null,
          pausedAt: null,
          failureStreak: 0,
          failureAlertedAt: null,
          updatedAt: at,
        })
        .where(and(eq(mailSenders.name, name), eq(mailSenders.status, 'paused')))
        .run();
      return result.changes === 1;
    },
    recordFailure(name, reason, at) {
      db.update(mailSenders)
        .set({ failureStreak: sql`${mailSenders.failureStreak} + 1`, lastFailure: reason.slice(0, 500), updatedAt: at })
        .where(eq(mailSenders.name, name))
        .run();
      return get(name)?.failureStreak ?? 0;
    },
    claimFailureAlert(name, at) {
      const result = db
        .update(mailSenders)
        .set({ failureAlertedAt: at, updatedAt: at })
        .where(and(eq(mailSenders.name, name), isNull(mailSenders.failureAlertedAt)))
        .run();
      return result.changes === 1;
    },
    recordSuccess(name, at) {
      db.update(mailSenders)
        .set({ failureStreak: 0, failureAlertedAt: null, updatedAt: at })
        .where(
          and(
            eq(mailSenders.name, name),
            or(sql`${mailSenders.failureStreak} > 0`, sql`${mailSenders.failureAlertedAt} is not null`),
          ),
        )
        .run();
    },
  };
}
