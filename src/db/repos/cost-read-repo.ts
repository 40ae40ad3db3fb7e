import { and, count, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { CostReadRepo } from '../../pipeline/costs/ports.js';
import { HUMAN_CLASSES } from '../../pipeline/tracker/verdict.js';
import { type Db, sessionOf } from '../client.js';
import { agentRunLogs, agentRuns, approvalRequests, companies, contacts, outreachEvents } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

/** What costs bought, and the counts trends compare, read from SQLite. */
export function createCostReadRepo(db: Db): CostReadRepo {
  return asyncRepo<CostReadRepo>(sessionOf(db), createCostReadRepoSync(db));
}

function createCostReadRepoSync(db: Db): Sync<CostReadRepo> {
  return {
    outcomes({ from, to }) {
      const leads = db
        .select({ at: companies.createdAt, industry: companies.industry, runId: companies.foundByRunId })
        .from(companies)
        .where(and(gte(companies.createdAt, from), lt(companies.createdAt, to)))
        .all();
      const found = db
        .select({ at: contacts.createdAt, industry: companies.industry, runId: contacts.runId })
        .from(contacts)
        .innerJoin(companies, eq(companies.id, contacts.companyId))
        .where(and(gte(contacts.createdAt, from), lt(contacts.createdAt, to), isNotNull(contacts.email)))
        .all();
      const sends = db
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
        )
        .all();
      const replies = db
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
        )
        .all();
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
    trendFacts({ from, to }) {
      const decided = db
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
        .groupBy(approvalRequests.status)
        .all();
      const steps = db
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
        .groupBy(agentRuns.kind)
        .all();
      const n = (status: string) => decided.find((d) => d.status === status)?.n ?? 0;
      const enrichRuns = db
        .select({ counters: agentRuns.counters })
        .from(agentRuns)
        .where(and(eq(agentRuns.kind, 'enrich'), gte(agentRuns.startedAt, from), lt(agentRuns.startedAt, to)))
        .all();
      const sum = (key: string) => enrichRuns.reduce((total, r) => total + (r.counters[key] ?? 0), 0);
      return {
        decisions: { approved: n('approved'), rejected: n('rejected') },
        enriched: { withContact: sum('with_contact'), without: sum('no_contact') + sum('no_domain') },
        steps: steps.map((s) => ({ stage: s.stage, total: s.total, errors: Number(s.errors ?? 0) })),
      };
    },
  };
}
