import { and, count, eq, inArray, isNotNull, like, lte, sql, sum } from 'drizzle-orm';
import type { MetricsReadPort } from '../../metrics/ports.js';
import { budgetScope } from '../../pipeline/costs/ports.js';
import { type Db, sessionOf } from '../client.js';
import { agentRuns, companies, emailDrafts, outreachEvents, spendBudgets, spendLedger } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

/** Aggregates for /metrics, in a few grouped queries. */
export function createMetricsRepo(db: Db): MetricsReadPort {
  return asyncRepo<MetricsReadPort>(sessionOf(db), createMetricsRepoSync(db));
}

function createMetricsRepoSync(db: Db): Sync<MetricsReadPort> {
  const countWhere = (table: typeof companies | typeof emailDrafts, where: ReturnType<typeof eq>) =>
    db.select({ n: count() }).from(table).where(where).get()?.n ?? 0;
  return {
    snapshot({ now, day, limits }) {
      const runs = db
        .select({
          kind: agentRuns.kind,
          stage: sql<string>`coalesce(${agentRuns.currentStage}, '')`,
          status: agentRuns.status,
          count: count(),
        })
        .from(agentRuns)
        .groupBy(agentRuns.kind, agentRuns.currentStage, agentRuns.status)
        .all();
      const dueSends =
        db
          .select({ n: count() })
          .from(outreachEvents)
          .where(
            and(
              eq(outreachEvents.kind, 'send'),
              eq(outreachEvents.status, 'scheduled'),
              lte(outreachEvents.scheduledFor, now),
            ),
          )
          .get()?.n ?? 0;
      const waitingForBudget =
        db
          .select({ n: count() })
          .from(agentRuns)
          .where(and(eq(agentRuns.status, 'awaiting_approval'), like(agentRuns.checkpoint, '%"budgetPause":{%')))
          .get()?.n ?? 0;
      const replies = db
        .select({ classification: sql<string>`coalesce(${outreachEvents.classification}, 'unknown')`, count: count() })
        .from(outreachEvents)
        .where(
          and(
            inArray(outreachEvents.kind, ['reply', 'auto_reply', 'bounce', 'unsubscribe']),
            eq(outreachEvents.status, 'received'),
            isNotNull(outreachEvents.sequenceId),
          ),
        )
        .groupBy(outreachEvents.classification)
        .all();
      const spend = db
        .select({ kind: spendLedger.kind, provider: spendLedger.provider, usd: sum(spendLedger.costUsd) })
        .from(spendLedger)
        .where(eq(spendLedger.status, 'settled'))
        .groupBy(spendLedger.kind, spendLedger.provider)
        .all();
      const today = db
        .select({ kind: spendBudgets.kind, committedUsd: spendBudgets.committedUsd, limitUsd: spendBudgets.limitUsd })
        .from(spendBudgets)
        .where(eq(spendBudgets.scope, budgetScope('day', day)))
        .all();
      return {
        runs,
        backlog: {
          dueSends,
          queuedRuns: runs.filter((r) => r.status === 'queued').reduce((n, r) => n + r.count, 0),
          leadsAwaitingDecision: countWhere(companies, eq(companies.status, 'pending')),
          draftsAwaitingDecision: countWhere(emailDrafts, eq(emailDrafts.status, 'pending')),
          runsWaitingForBudget: waitingForBudget,
        },
        emailsSent:
          db
            .select({ n: count() })
            .from(outreachEvents)
            .where(and(eq(outreachEvents.kind, 'send'), eq(outreachEvents.status, 'sent')))
            .get()?.n ?? 0,
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
