import { and, asc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import {
  type BudgetRefusal,
  budgetScope,
  type SpendEntry,
  type SpendKind,
  type SpendRepo,
} from '../../../pipeline/costs/ports.js';
import type { PgDb } from '../client.js';
import { companies, spendLedger } from '../schema.js';

/** Thrown inside a reservation's transaction to roll it back; never leaves this file. */
class Refused extends Error {
  constructor(readonly refusal: BudgetRefusal) {
    super('refused');
  }
}

type Row = Record<string, unknown>;
/** The pool, or the transaction a statement belongs to. */
type Executor = Pick<PgDb, 'execute'>;

/**
 * The spend ledger and its budgets in PostgreSQL, statement for statement as in SQLite: a budget grows by one
 * `INSERT … ON CONFLICT … DO UPDATE … WHERE` (the row lock and the re-checked WHERE keep a limit across instances
 * reserving at once), settling is one `UPDATE … RETURNING`. Budgets are always taken day first, then run, so two
 * transactions never wait on each other crosswise.
 */
export function createSpendRepo(db: PgDb): SpendRepo {
  const rows = async (query: SQL, q: Executor = db): Promise<Row[]> => (await q.execute(query)).rows as Row[];
  const budget = async (scope: string, kind: SpendKind, q: Executor = db) => {
    const [row] = await rows(
      sql`
      select committed_usd as "committedUsd", limit_usd as "limitUsd" from spend_budgets
      where scope = ${scope} and kind = ${kind}`,
      q,
    );
    return row as { committedUsd: number; limitUsd: number | null } | undefined;
  };
  // Adds to a budget unless that would pass the limit in force (a raised one, else the configured); a new row is
  // inserted only when the amount fits the configured limit (checked by the caller).
  const add = async (
    q: Executor,
    scope: string,
    kind: SpendKind,
    amount: number,
    at: Date,
    configured: number | null,
  ) =>
    (
      await rows(
        sql`
        insert into spend_budgets (scope, kind, committed_usd, updated_at) values (${scope}, ${kind}, ${amount}, ${at})
        on conflict (scope, kind) do update
          set committed_usd = spend_budgets.committed_usd + excluded.committed_usd, updated_at = excluded.updated_at
          where coalesce(spend_budgets.limit_usd, ${configured}::double precision) is null
             or spend_budgets.committed_usd + excluded.committed_usd
                <= coalesce(spend_budgets.limit_usd, ${configured}::double precision) + 1e-9
        returning 1 as ok`,
        q,
      )
    ).length;
  const adjust = (q: Executor, scope: string, kind: SpendKind, delta: number, at: Date) =>
    q.execute(sql`
      update spend_budgets set committed_usd = greatest(0, committed_usd + ${delta}), updated_at = ${at}
      where scope = ${scope} and kind = ${kind}`);

  return {
    async reserve(r) {
      try {
        return await db.transaction(async (tx) => {
          const budgets: ['day' | 'run', string, number | null][] = [['day', r.day, r.limits.dailyUsd]];
          // A run's own budget is kept only when there is a per-run limit to hold it to.
          if (r.runId && r.limits.runUsd !== null) budgets.push(['run', r.runId, r.limits.runUsd]);
          for (const [scope, key, configured] of budgets) {
            const name = budgetScope(scope, key);
            const fits =
              configured === null ||
              r.amountUsd <= configured + 1e-9 ||
              (await budget(name, r.kind, tx))?.limitUsd != null;
            const added = fits ? await add(tx, name, r.kind, r.amountUsd, r.at, configured) : 0;
            if (added === 0) {
              const row = await budget(name, r.kind, tx);
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
          const [entry] = await rows(
            sql`
            insert into spend_ledger (kind, provider, step, run_id, company_id, day, reserved_usd, status, created_at)
            values (${r.kind}, ${r.provider}, ${r.step}, ${r.runId}, ${r.companyId}, ${r.day}, ${r.amountUsd},
              'reserved', ${r.at})
            returning id`,
            tx,
          );
          return { ok: true as const, id: Number(entry!.id) };
        });
      } catch (err) {
        if (err instanceof Refused) return { ok: false, refusal: err.refusal };
        throw err;
      }
    },
    async settle(id, s) {
      await db.transaction(async (tx) => {
        const [row] = await rows(
          sql`
          update spend_ledger set cost_usd = ${s.costUsd}, credits = ${s.credits ?? null},
            tokens_in = ${s.tokensIn ?? null}, tokens_out = ${s.tokensOut ?? null}, result = ${s.result},
            status = 'settled', settled_at = ${s.at}
          where id = ${id} and status = 'reserved'
          returning kind, day, run_id as "runId", reserved_usd as "reservedUsd"`,
          tx,
        );
        if (!row) return;
        const { kind, day, runId, reservedUsd } = row as {
          kind: SpendKind;
          day: string;
          runId: string | null;
          reservedUsd: number;
        };
        const delta = s.costUsd - reservedUsd;
        await adjust(tx, budgetScope('day', day), kind, delta, s.at);
        if (runId) await adjust(tx, budgetScope('run', runId), kind, delta, s.at);
      });
    },
    async setLimit(scope, kind, limitUsd, at) {
      const [row] = await rows(sql`
        insert into spend_budgets (scope, kind, limit_usd, updated_at) values (${scope}, ${kind}, ${limitUsd}, ${at})
        on conflict (scope, kind) do update set limit_usd = excluded.limit_usd, updated_at = excluded.updated_at
        returning committed_usd as "committedUsd"`);
      return { committedUsd: Number(row?.committedUsd ?? 0) };
    },
    budget,
    async claimNotice(scope, kind, limitUsd, at) {
      const claimed = await rows(sql`
        update spend_budgets set notified_limit_usd = ${limitUsd}, updated_at = ${at}
        where scope = ${scope} and kind = ${kind}
          and (notified_limit_usd is null or notified_limit_usd <> ${limitUsd})
        returning 1 as ok`);
      return claimed.length > 0;
    },
    async entries(filter) {
      const where: SQL[] = [];
      if (filter.from) where.push(gte(spendLedger.createdAt, filter.from));
      if (filter.to) where.push(lt(spendLedger.createdAt, filter.to));
      if (filter.runId) where.push(eq(spendLedger.runId, filter.runId));
      return (await db
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
        .where(where.length > 0 ? and(...where) : undefined)
        .orderBy(asc(spendLedger.id))) as SpendEntry[];
    },
  };
}
