import { and, asc, eq, gte, isNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import {
  type BudgetRefusal,
  budgetScope,
  type SpendEntry,
  type SpendKind,
  type SpendRepo,
} from '../../pipeline/costs/ports.js';
import { type Db, sessionOf } from '../client.js';
import { companies, spendBudgets, spendLedger } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

/** Thrown inside a reservation's transaction to roll it back; never leaves this file. */
class Refused extends Error {
  constructor(readonly refusal: BudgetRefusal) {
    super('refused');
  }
}

/** The spend ledger and its budgets in SQLite (plain SQL a Postgres repository can repeat statement by statement). */
export function createSpendRepo(db: Db): SpendRepo {
  return asyncRepo<SpendRepo>(sessionOf(db), createSpendRepoSync(db));
}

const matches = (scope: string, kind: SpendKind) =>
  and(eq(spendBudgets.scope, scope), eq(spendBudgets.kind, kind)) as SQL;

function createSpendRepoSync(db: Db): Sync<SpendRepo> {
  const budget = (scope: string, kind: SpendKind) =>
    db
      .select({ committedUsd: spendBudgets.committedUsd, limitUsd: spendBudgets.limitUsd })
      .from(spendBudgets)
      .where(matches(scope, kind))
      .get();
  const ensure = (scope: string, kind: SpendKind, at: Date) =>
    db.insert(spendBudgets).values({ scope, kind, updatedAt: at }).onConflictDoNothing().run();
  const add = (scope: string, kind: SpendKind, deltaUsd: number, at: Date) =>
    db
      .update(spendBudgets)
      .set({ committedUsd: sql`max(0, ${spendBudgets.committedUsd} + ${deltaUsd})`, updatedAt: at })
      .where(matches(scope, kind))
      .run();
  return {
    reserve(r) {
      const budgets: ['day' | 'run', string, number | null][] = [['day', r.day, r.limits.dailyUsd]];
      if (r.runId) budgets.push(['run', r.runId, r.limits.runUsd]);
      try {
        return db.transaction(() => {
          for (const [scope, key, configured] of budgets) {
            const name = budgetScope(scope, key);
            ensure(name, r.kind, r.at);
            // Check and add in one statement: the limit in force is a raised one, else the configured one.
            const limit = sql`coalesce(${spendBudgets.limitUsd}, ${configured})`;
            const added = db
              .update(spendBudgets)
              .set({ committedUsd: sql`${spendBudgets.committedUsd} + ${r.amountUsd}`, updatedAt: r.at })
              .where(
                and(
                  matches(name, r.kind),
                  sql`(${limit} is null or ${spendBudgets.committedUsd} + ${r.amountUsd} <= ${limit} + 1e-9)`,
                ),
              )
              .run();
            if (added.changes === 0) {
              const row = budget(name, r.kind);
              throw new Refused({
                kind: r.kind,
                scope,
                key,
                spentUsd: row?.committedUsd ?? 0,
                limitUsd: row?.limitUsd ?? configured ?? 0,
                askedUsd: r.amountUsd,
                runId: r.runId,
                provider: r.provider,
              });
            }
          }
          const row = db
            .insert(spendLedger)
            .values({
              kind: r.kind,
              provider: r.provider,
              step: r.step,
              runId: r.runId,
              companyId: r.companyId,
              day: r.day,
              reservedUsd: r.amountUsd,
              createdAt: r.at,
            })
            .returning({ id: spendLedger.id })
            .get();
          return { ok: true as const, id: row.id };
        });
      } catch (err) {
        if (err instanceof Refused) return { ok: false, refusal: err.refusal };
        throw err;
      }
    },
    settle(id, s) {
      db.transaction(() => {
        const row = db.select().from(spendLedger).where(eq(spendLedger.id, id)).get();
        if (!row || row.status === 'settled') return;
        db.update(spendLedger)
          .set({
            costUsd: s.costUsd,
            credits: s.credits ?? null,
            tokensIn: s.tokensIn ?? null,
            tokensOut: s.tokensOut ?? null,
            result: s.result,
            status: 'settled',
            settledAt: s.at,
          })
          .where(eq(spendLedger.id, id))
          .run();
        const delta = s.costUsd - row.reservedUsd;
        add(budgetScope('day', row.day), row.kind, delta, s.at);
        if (row.runId) add(budgetScope('run', row.runId), row.kind, delta, s.at);
      });
    },
    setLimit(scope, kind, limitUsd, at) {
      ensure(scope, kind, at);
      db.update(spendBudgets).set({ limitUsd, updatedAt: at }).where(matches(scope, kind)).run();
      return { committedUsd: budget(scope, kind)?.committedUsd ?? 0 };
    },
    budget,
    claimNotice(scope, kind, limitUsd, at) {
      const claimed = db
        .update(spendBudgets)
        .set({ notifiedLimitUsd: limitUsd, updatedAt: at })
        .where(
          and(
            matches(scope, kind),
            or(isNull(spendBudgets.notifiedLimitUsd), ne(spendBudgets.notifiedLimitUsd, limitUsd)),
          ),
        )
        .run();
      return claimed.changes > 0;
    },
    entries(filter) {
      const where: SQL[] = [];
      if (filter.from) where.push(gte(spendLedger.createdAt, filter.from));
      if (filter.to) where.push(lt(spendLedger.createdAt, filter.to));
      if (filter.runId) where.push(eq(spendLedger.runId, filter.runId));
      return db
        .select({
          id: spendLedger.id,
          kind: spendLedger.kind,
          provider: spendLedger.provider,
          step: spendLedger.step,
          runId: spendLedger.runId,
          companyId: spendLedger.companyId,
          industry: companies.industry,
          day: spendLedger.day,
          reservedUsd: spendLedger.reservedUsd,
          costUsd: spendLedger.costUsd,
          credits: spendLedger.credits,
          tokensIn: spendLedger.tokensIn,
          tokensOut: spendLedger.tokensOut,
          result: spendLedger.result,
          status: spendLedger.status,
          createdAt: spendLedger.createdAt,
        })
        .from(spendLedger)
        .leftJoin(companies, eq(companies.id, spendLedger.companyId))
        .where(where.length > 0 ? and(...where) : sql`1 = 1`)
        .orderBy(asc(spendLedger.id))
        .all() as SpendEntry[];
    },
  };
}
