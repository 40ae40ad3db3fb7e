import { and, eq, gt, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { SenderRecord, SenderRepo } from '../../../pipeline/outreach/pool/ports.js';
import type { PgDb } from '../client.js';
import { mailSenders, senderDailySends } from '../schema.js';

/**
 * Senders and their daily reservations in PostgreSQL. A reservation runs in one transaction that locks the sender's
 * row (`for update`), so instances sharing the database take slots one at a time: never past the cap, never two
 * sends inside the pacing gap, and no reservation left behind by a process that dies half-way.
 */
export function createSenderRepo(db: PgDb): SenderRepo {
  const get = async (name: string) =>
    (await db.select().from(mailSenders).where(eq(mailSenders.name, name)).limit(1))[0] as SenderRecord | undefined;
  return {
    async sync(senders, at) {
      for (const s of senders)
        await db
          .insert(mailSenders)
          .values({ name: s.name, address: s.address, createdAt: at, updatedAt: at })
          .onConflictDoUpdate({ target: mailSenders.name, set: { address: s.address, updatedAt: at } });
    },
    get,
    async list() {
      return (await db.select().from(mailSenders).orderBy(mailSenders.name)) as SenderRecord[];
    },
    reserve(name, input, at) {
      return db.transaction(async (tx) => {
        const sender = (
          await tx.select().from(mailSenders).where(eq(mailSenders.name, name)).for('update').limit(1)
        )[0] as SenderRecord | undefined;
        if (!sender || sender.status === 'paused') return { ok: false, why: 'paused' } as const;
        if (input.gapMs > 0 && sender.lastSendAt && at.getTime() - sender.lastSendAt.getTime() < input.gapMs)
          return { ok: false, why: 'gap' } as const;
        await tx
          .insert(senderDailySends)
          .values({ sender: name, day: input.day, reserved: 0, updatedAt: at })
          .onConflictDoNothing();
        const taken = await tx
          .update(senderDailySends)
          .set({ reserved: sql`${senderDailySends.reserved} + 1`, updatedAt: at })
          .where(
            and(
              eq(senderDailySends.sender, name),
              eq(senderDailySends.day, input.day),
              lt(senderDailySends.reserved, input.cap),
            ),
          );
        if (taken.rowCount !== 1) return { ok: false, why: 'cap' } as const;
        await tx
          .update(mailSenders)
          .set({
            lastSendAt: at,
            warmupStartedAt: sql`coalesce(${mailSenders.warmupStartedAt}, ${at.toISOString()}::timestamptz)`,
            updatedAt: at,
          })
          .where(
            and(
              eq(mailSenders.name, name),
              input.gapMs > 0
                ? or(isNull(mailSenders.lastSendAt), lte(mailSenders.lastSendAt, new Date(at.getTime() - input.gapMs)))
                : undefined,
            ),
          );
        return { ok: true } as const;
      });
    },
    async release(name, day, at) {
      await db
        .update(senderDailySends)
        .set({ reserved: sql`${senderDailySends.reserved} - 1`, updatedAt: at })
        .where(and(eq(senderDailySends.sender, name), eq(senderDailySends.day, day), gt(senderDailySends.reserved, 0)));
    },
    async reserved(name, day) {
      return (
        (
          await db
            .select({ n: senderDailySends.reserved })
            .from(senderDailySends)
            .where(and(eq(senderDailySends.sender, name), eq(senderDailySends.day, day)))
            .limit(1)
        )[0]?.n ?? 0
      );
    },
    async pause(name, input, at) {
      const result = await db
        .update(mailSenders)
        .set({ status: 'paused', pauseReason: input.reason, pausedBy: input.by, pausedAt: at, updatedAt: at })
        .where(and(eq(mailSenders.name, name), eq(mailSenders.status, 'active')));
      return result.rowCount === 1;
    },
    async resume(name, at) {
      const result = await db
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
        .where(and(eq(mailSenders.name, name), eq(mailSenders.status, 'paused')));
      return result.rowCount === 1;
    },
    async recordFailure(name, reason, at) {
      const row = (
        await db
          .update(mailSenders)
          .set({
            failureStreak: sql`${mailSenders.failureStreak} + 1`,
            lastFailure: reason.slice(0, 500),
            updatedAt: at,
          })
          .where(eq(mailSenders.name, name))
          .returning({ streak: mailSenders.failureStreak })
      )[0];
      return row?.streak ?? 0;
    },
    async claimFailureAlert(name, at) {
      const result = await db
        .update(mailSenders)
        .set({ failureAlertedAt: at, updatedAt: at })
        .where(and(eq(mailSenders.name, name), isNull(mailSenders.failureAlertedAt)));
      return result.rowCount === 1;
    },
    async recordSuccess(name, at) {
      await db
        .update(mailSenders)
        .set({ failureStreak: 0, failureAlertedAt: null, updatedAt: at })
        .where(
          and(
            eq(mailSenders.name, name),
            or(gt(mailSenders.failureStreak, 0), isNotNull(mailSenders.failureAlertedAt)),
          ),
        );
    },
  };
}
