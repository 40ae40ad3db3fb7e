import { and, count, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { CostReadRepo } from '../../../pipeline/costs/ports.js';
import { HUMAN_CLASSES } from '../../../pipeline/tracker/verdict.js';
import type { PgDb } from '../client.js';
import { agentRunLogs, agentRuns, approvalRequests, companies, contacts, outreachEvents } from '../schema.js';

/** What costs bought, and the counts trends compare, read from PostgreSQL (the same queries as in SQLite). */
export function createCostReadRepo(db: PgDb): CostReadRepo {
  return {
    async outcomes({ from, to }) {
      const leads = await db
        .select({ at: companies.createdAt, industry: companies.industry, runId: companies.foundByRunId })
        .from(companies)
        .where(and(gte(companies.createdAt, from), lt(companies.createdAt, to)));
      const found = await db
        .select({ at: contacts.createdAt, industry: companies.industry, runId: contacts.runId })
        .from(contacts)
        .innerJoin(companies, eq(companies.id, contacts.companyId))
        .where(and(gte(contacts.createdAt, from), lt(contacts.createdAt, to), isNotNull(contacts.email)));
      const sends = await db
        .select({ at: outreachEvents.occurredAt, industry: companies.industry })
        .from(outreachEvents)
        .leftJoin(companies, eq(companies.id, outreachEvents.companyId))
        .where(
          and(
            eq(outreachEvents.kind, 'send'),
            eq(outreachEvents.status, 'sent'),
            gte(outreachEvents.occurredAt, from),
            lt(outreachEvents.occurredAt, to),
          ),
        );
      const replies = await db
        .select({
          at: outreachEvents.createdAt,
          industry: companies.industry,
          classification: outreachEvents.classification,
        })
        .from(outreachEvents)
        .leftJoin(companies, eq(companies.id, outreachEvents.companyId))
        .where(
          and(
            eq(outreachEvents.kind, 'reply'),
            eq(outreachEvents.status, 'received'),
            isNotNull(outreachEvents.sequenceId),
            inArray(outreachEvents.classification, [...HUMAN_CLASSES]),
            gte(outreachEvents.createdAt, from),
            lt(outreachEvents.createdAt, to),
          ),
        );
      return {
        leads: leads.map((l) => ({ ...l, runId: l.runId ?? null })),
        contacts: found,
        sends: sends.map((s) => ({ at: s.at!, industry: s.industry, runId: null })),
        replies: replies.map((r) => ({
          at: r.at,
          industry: r.industry,
          runId: null,
          positive: r.classification === 'positive',
        })),
      };
    },
    async trendFacts({ from, to }) {
      const decided = await db
        .select({ status: approvalRequests.status, n: count() })
        .from(approvalRequests)
        .where(
          and(
            eq(approvalRequests.kind, 'lead'),
            inArray(approvalRequests.status, ['approved', 'rejected']),
            gte(approvalRequests.decidedAt, from),
            lt(approvalRequests.decidedAt, to),
          ),
        )
        .groupBy(approvalRequests.status);
      const steps = await db
        .select({
          stage: agentRuns.kind,
          total: count(),
          errors: sql<number>`sum(case when ${agentRunLogs.status} = 'error' then 1 else 0 end)`,
        })
        .from(agentRunLogs)
        .innerJoin(agentRuns, eq(agentRuns.id, agentRunLogs.runId))
        .where(
          and(
            inArray(agentRunLogs.kind, ['tool', 'llm', 'provider']),
            gte(agentRunLogs.createdAt, from),
            lt(agentRunLogs.createdAt, to),
          ),
        )
        .groupBy(agentRuns.kind);
      const n = (status: string) => decided.find((d) => d.status === status)?.n ?? 0;
      const enrichRuns = await db
        .select({ counters: agentRuns.counters })
        .from(agentRuns)
        .where(and(eq(agentRuns.kind, 'enrich'), gte(agentRuns.startedAt, from), lt(agentRuns.startedAt, to)));
      const sum = (key: string) => enrichRuns.reduce((total, r) => total + (r.counters[key] ?? 0), 0);
      return {
        decisions: { approved: n('approved'), rejected: n('rejected') },
        enriched: { withContact: sum('with_contact'), without: sum('no_contact') + sum('no_domain') },
        steps: steps.map((s) => ({ stage: s.stage, total: s.total, errors: Number(s.errors ?? 0) })),
      };
    },
  };
}
