import { and, asc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import {
  type BudgetRefusal,
  budgetScope,
  type SpendEntry,
  type SpendKind,
  type SpendRepo,
} from '../../pipeline/costs/ports.js';
import { type Db, sessionOf, sqliteOf } from '../client.js';
import { companies, spendLedger } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

/** Thrown inside a reservation's transaction to roll it back; never leaves this file. */
class Refused extends Error {
  constructor(readonly refusal: BudgetRefusal) {
    super('refused');
  }
}

/**
 * The spend ledger and its budgets in SQLite. Every call on the paid path is one prepared statement of plain SQL (a
 * Postgres repository can repeat them statement by statement: `INSERT … ON CONFLICT … DO UPDATE … WHERE` and
 * `UPDATE … RETURNING` are the same there).
 */
export function createSpendRepo(db: Db): SpendRepo {
  return asyncRepo<SpendRepo>(sessionOf(db), createSpendRepoSync(db));
}

function createSpendRepoSync(db: Db): Sync<SpendRepo> {
  const sqlite = sqliteOf(db);
  // Adds to a budget in one statement, unless that would pass the limit in force (a raised one, else the configured).
  const add = sqlite.prepare(`
    insert into spend_budgets (scope, kind, committed_usd, updated_at) values (@scope, @kind, @amount, @at)
    on conflict (scope, kind) do update set committed_usd = committed_usd + excluded.committed_usd, updated_at = excluded.updated_at
    where coalesce(spend_budgets.limit_usd, @configured) is null
       or spend_budgets.committed_usd + excluded.committed_usd <= coalesce(spend_budgets.limit_usd, @configured) + 1e-9`);
  const adjust = sqlite.prepare(`
    update spend_budgets set committed_usd = max(0, committed_usd + @delta), updated_at = @at
    where scope = @scope and kind = @kind`);
  const readBudget = sqlite.prepare(
    'select committed_usd as committedUsd, limit_usd as limitUsd from spend_budgets where scope = ? and kind = ?',
  );
  const insertEntry = sqlite.prepare(`
    insert into spend_ledger (kind, provider, step, run_id, company_id, day, reserved_usd, status, created_at)
    values (@kind, @provider, @step, @runId, @companyId, @day, @amount, 'reserved', @at)`);
  const settleEntry = sqlite.prepare(`
    update spend_ledger set cost_usd = @costUsd, credits = @credits, tokens_in = @tokensIn, tokens_out = @tokensOut,
      result = @result, status = 'settled', settled_at = @at
    where id = @id and status = 'reserved'
    returning kind, day, run_id as runId, reserved_usd as reservedUsd`);
  const ensure = sqlite.prepare(
    'insert into spend_budgets (scope, kind, updated_at) values (?, ?, ?) on conflict (scope, kind) do nothing',
  );
  const setLimit = sqlite.prepare(
    'update spend_budgets set limit_usd = ?, updated_at = ? where scope = ? and kind = ?',
  );
  const claim = sqlite.prepare(`
    update spend_budgets set notified_limit_usd = @limit, updated_at = @at
    where scope = @scope and kind = @kind and (notified_limit_usd is null or notified_limit_usd <> @limit)`);
  const budget = (scope: string, kind: SpendKind) =>
    readBudget.get(scope, kind) as { committedUsd: number; limitUsd: number | null } | undefined;

  const reserve = sqlite.transaction((r: Parameters<SpendRepo['reserve']>[0]) => {
    const at = r.at.getTime();
    const budgets: ['day' | 'run', string, number | null][] = [['day', r.day, r.limits.dailyUsd]];
    // A run's own budget is kept only when there is a per-run limit to hold it to.
    if (r.runId && r.limits.runUsd !== null) budgets.push(['run', r.runId, r.limits.runUsd]);
    for (const [scope, key, configured] of budgets) {
      const name = budgetScope(scope, key);
      const fits = configured === null || r.amountUsd <= configured + 1e-9 || budget(name, r.kind)?.limitUsd != null;
      const added = fits ? add.run({ scope: name, kind: r.kind, amount: r.amountUsd, at, configured }).changes : 0;
      if (added === 0) {
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
    const id = insertEntry.run({ ...r, amount: r.amountUsd, at }).lastInsertRowid;
    return { ok: true as const, id: Number(id) };
  });

  return {
    reserve(r) {
      try {
        return reserve(r);
      } catch (err) {
        if (err instanceof Refused) return { ok: false, refusal: err.refusal };
        throw err;
      }
    },
    settle: sqlite.transaction((id: number, s: Parameters<SpendRepo['settle']>[1]) => {
      const at = s.at.getTime();
      const row = settleEntry.get({
        id,
        costUsd: s.costUsd,
        credits: s.credits ?? null,
        tokensIn: s.tokensIn ?? null,
        tokensOut: s.tokensOut ?? null,
        result: s.result,
        at,
      }) as { kind: SpendKind; day: string; runId: string | null; reservedUsd: number } | undefined;
      if (!row) return;
      const delta = s.costUsd - row.reservedUsd;
      adjust.run({ scope: budgetScope('day', row.day), kind: row.kind, delta, at });
      if (row.runId) adjust.run({ scope: budgetScope('run', row.runId), kind: row.kind, delta, at });
    }),
    setLimit(scope, kind, limitUsd, at) {
      ensure.run(scope, kind, at.getTime());
      setLimit.run(limitUsd, at.getTime(), scope, kind);
      return { committedUsd: budget(scope, kind)?.committedUsd ?? 0 };
    },
    budget,
    claimNotice(scope, kind, limitUsd, at) {
      return claim.run({ scope, kind, limit: limitUsd, at: at.getTime() }).changes > 0;
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
