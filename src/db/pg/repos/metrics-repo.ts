import { and, count, eq, inArray, isNotNull, lte, sql, sum } from 'drizzle-orm';
import type { MetricsReadPort } from '../../../metrics/ports.js';
import { BUDGET_PAUSE_CHECKPOINT } from '../../../pipeline/costs/pause.js';
import { budgetScope } from '../../../pipeline/costs/ports.js';
import type { PgDb } from '../client.js';
import { agentRuns, companies, emailDrafts, outreachEvents, spendBudgets, spendLedger } from '../schema.js';

/** Aggregates for /metrics in PostgreSQL, the same grouped queries as in SQLite. */
export function createMetricsRepo(db: PgDb): MetricsReadPort {
  const countWhere = async (table: typeof companies | typeof emailDrafts, where: ReturnType<typeof eq>) =>
    (await db.select({ n: count() }).from(table).where(where))[0]?.n ?? 0;
  return {
    async snapshot({ now, day, limits }) {
      const runs = await db
        .select({
          kind: agentRuns.kind,
          stage: sql<string>`coalesce(${agentRuns.currentStage}, '')`,
          status: agentRuns.status,
          count: count(),
        })
        .from(agentRuns)
        .groupBy(agentRuns.kind, agentRuns.currentStage, agentRuns.status);
      const dueSends =
        (
          await db
            .select({ n: count() })
            .from(outreachEvents)
            .where(
              and(
                eq(outreachEvents.kind, 'send'),
                eq(outreachEvents.status, 'scheduled'),
                lte(outreachEvents.scheduledFor, now),
              ),
            )
        )[0]?.n ?? 0;
      const waitingForBudget =
        (
          await db
            .select({ n: count() })
            .from(agentRuns)
            .where(
              and(
                eq(agentRuns.status, 'awaiting_approval'),
                sql`jsonb_typeof(${agentRuns.checkpoint} -> ${BUDGET_PAUSE_CHECKPOINT}::text) = 'object'`,
              ),
            )
        )[0]?.n ?? 0;
      const replies = await db
        .select({ classification: sql<string>`coalesce(${outreachEvents.classification}, 'unknown')`, count: count() })
        .from(outreachEvents)
        .where(
          and(
            inArray(outreachEvents.kind, ['reply', 'auto_reply', 'bounce', 'unsubscribe']),
            eq(outreachEvents.status, 'received'),
            isNotNull(outreachEvents.sequenceId),
          ),
        )
        .groupBy(outreachEvents.classification);
      const spend = await db
        .select({ kind: spendLedger.kind, provider: spendLedger.provider, usd: sum(spendLedger.costUsd) })
        .from(spendLedger)
        .where(eq(spendLedger.status, 'settled'))
        .groupBy(spendLedger.kind, spendLedger.provider);
      const today = await db
        .select({ kind: spendBudgets.kind, committedUsd: spendBudgets.committedUsd, limitUsd: spendBudgets.limitUsd })
        .from(spendBudgets)
        .where(eq(spendBudgets.scope, budgetScope('day', day)));
      return {
        runs,
        backlog: {
          dueSends,
          queuedRuns: runs.filter((r) => r.status === 'queued').reduce((n, r) => n + r.count, 0),
          leadsAwaitingDecision: await countWhere(companies, eq(companies.status, 'pending')),
          draftsAwaitingDecision: await countWhere(emailDrafts, eq(emailDrafts.status, 'pending')),
          runsWaitingForBudget: waitingForBudget,
        },
        emailsSent:
          (
            await db
              .select({ n: count() })
              .from(outreachEvents)
              .where(and(eq(outreachEvents.kind, 'send'), eq(outreachEvents.status, 'sent')))
          )[0]?.n ?? 0,
        replies,
        spend: spend.map((s) => ({ kind: s.kind, provider: s.provider, usd: Number(s.usd ?? 0) })),
        today: ['vendor', 'model'].map((kind) => {
          const row = today.find((t) => t.kind === kind);
          return { kind, committedUsd: row?.committedUsd ?? 0, limitUsd: row?.limitUsd ?? limits[kind] ?? null };
        }),
      };
    },
  };
}
