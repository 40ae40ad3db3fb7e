import { sql } from 'drizzle-orm';
import { AppError } from '../../../errors.js';
import type {
  CriticCriterionScore,
  EnrichedCompanyRow,
  LessonSignals,
  ScoutQueryRow,
} from '../../../pipeline/lessons/ports.js';
import type { PgDb } from '../client.js';

/** The enrichment stage's run kind (pipeline/enrichment/enrich.ts). */
const ENRICH_RUN_KIND = 'enrich';
const MAX_ROWS = 5000;
/** A cheap pre-filter on logged errors: only refusals (auth, quota, rate limit) can become provider lessons. */
const REFUSAL_HINTS = [
  '401',
  '403',
  '429',
  'quota',
  'unauthori',
  'forbidden',
  'rate',
  'too many',
  'credit',
  'api key',
  'access',
  'limit',
  'exceeded',
  'monthly',
  'remaining',
];
const REFUSAL_FILTER = sql.raw(
  REFUSAL_HINTS.map((h) => `lower(coalesce(l.error, l.output_summary, '')) like '%${h}%'`).join(' or '),
);

type Raw = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (typeof v === 'number' ? v : v === null || v === undefined ? null : Number(v));
/** Raw rows carry timestamps as text ("2026-12-07 08:42:56.123+00"): read them as instants. */
const date = (v: unknown) => {
  if (v instanceof Date) return v;
  if (typeof v === 'string' && !/^\d+$/.test(v)) return new Date(v.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  return new Date(Number(v));
};

/** jsonb arrives parsed; text (summaries) is parsed here. */
function parseJson(text: unknown): unknown {
  if (typeof text === 'object' && text !== null) return text;
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function criteriaOf(breakdown: unknown): CriticCriterionScore[] {
  const criteria = (parseJson(breakdown) as { criteria?: unknown } | undefined)?.criteria;
  if (!Array.isArray(criteria)) return [];
  return criteria
    .filter((c): c is Raw => typeof c === 'object' && c !== null && typeof (c as Raw).key === 'string')
    .map((c) => ({ key: String(c.key), points: Number(c.points ?? 0), note: str(c.note) ?? '' }));
}

/** The read side of the lesson scan, straight from the tables the stages write (PostgreSQL). */
export function createLessonSignals(db: PgDb): LessonSignals {
  const all = async (query: ReturnType<typeof sql>): Promise<Raw[]> => {
    try {
      return (await db.execute(query)).rows as Raw[];
    } catch (cause) {
      throw new AppError('db_failed', `Reading the records for lessons failed: ${(cause as Error).message}`, { cause });
    }
  };
  return {
    async providerIncidents(since) {
      const t = since;
      const states = await all(sql`
        select ps.provider as name, ps.scope as run_id, ps.http_status, ps.reason as text, ps.updated_at as at, r.kind
        from provider_state ps join agent_runs r on r.id = ps.scope
        where ps.status = 'skipped' and ps.updated_at >= ${t} limit ${MAX_ROWS}`);
      const logs = await all(sql`
        select l.name, l.run_id, null as http_status, coalesce(l.error, l.output_summary, '') as text,
          l.created_at as at, r.kind
        from agent_run_logs l join agent_runs r on r.id = l.run_id
        where l.kind = 'provider' and l.status in ('error', 'skipped') and l.created_at >= ${t}
          and (${REFUSAL_FILTER})
        order by l.id desc limit ${MAX_ROWS}`);
      return [
        ...states.map((r) => ({ from: 'state' as const, ...incident(r) })),
        ...logs.map((r) => ({ from: 'log' as const, ...incident(r) })),
      ];
    },
    async enrichedCompanies(since) {
      const rows = await all(sql`
        select c.id, c.name, c.industry, r.id as run_id, r.created_at as started_at,
          (select count(*) from contacts ct where ct.company_id = c.id and ct.email is not null
             and ct.status = 'active' and ct.verification != 'invalid') as contacts
        from agent_runs r
        cross join lateral jsonb_array_elements_text(coalesce(r.input->'companyIds', '[]'::jsonb)) j(value)
        join companies c on c.id = j.value::int
        where r.kind = ${ENRICH_RUN_KIND} and r.status = 'completed' and r.created_at >= ${since}
          and c.status = 'approved'`);
      const byCompany = new Map<number, EnrichedCompanyRow>();
      for (const r of rows) {
        const id = Number(r.id);
        const at = date(r.started_at);
        const row = byCompany.get(id) ?? {
          companyId: id,
          companyName: String(r.name),
          industry: String(r.industry),
          runIds: [],
          lastRunAt: at,
          contacts: Number(r.contacts),
        };
        row.runIds.push(String(r.run_id));
        if (at > row.lastRunAt) row.lastRunAt = at;
        byCompany.set(id, row);
      }
      return [...byCompany.values()];
    },
    async scoredDrafts(limit) {
      return (
        await all(sql`
        select d.id, d.run_id, d.critic_breakdown, d.created_at, c.name, c.industry
        from email_drafts d join companies c on c.id = d.company_id
        where d.critic_breakdown is not null and d.generated_by != 'human'
        order by d.created_at desc, d.id desc limit ${limit}`)
      ).map((r) => ({
        draftId: Number(r.id),
        runId: str(r.run_id),
        companyName: String(r.name),
        industry: String(r.industry),
        criteria: criteriaOf(r.critic_breakdown),
        createdAt: date(r.created_at),
      }));
    },
    async sourceStats() {
      return (await all(sql`select source, industry, queries, returned, kept from source_stats`)).map((r) => ({
        source: String(r.source),
        industry: String(r.industry),
        queries: Number(r.queries),
        returned: Number(r.returned),
        kept: Number(r.kept),
      }));
    },
    async scoutQueries(since) {
      const rows = await all(sql`
        select run_id, name, input_summary, output_summary, created_at from agent_run_logs
        where kind = 'provider' and name like 'scout.%' and created_at >= ${since}
        order by id desc limit ${MAX_ROWS}`);
      return rows.map(scoutQuery);
    },
    async leadDecisions(since) {
      const rows = await all(sql`
        select c.id, c.name, a.status, a.reason, a.decided_by, a.decided_at, coalesce(a.run_id, c.found_by_run_id) as run_id,
          c.industry, c.city, c.employee_count, c.site_count, s.tier, s.breakdown
        from approval_requests a
        join companies c on c.id = cast(a.subject_id as integer)
        left join lead_scores s on s.company_id = c.id
        where a.kind = 'lead' and a.status in ('approved', 'rejected') and a.decided_at >= ${since}
        order by a.decided_at desc limit ${MAX_ROWS}`);
      return rows.map((r) => {
        const inputs = (parseJson(r.breakdown) as { inputs?: Raw } | undefined)?.inputs ?? {};
        return {
          companyId: Number(r.id),
          companyName: String(r.name),
          decision: r.status === 'approved' ? ('approved' as const) : ('rejected' as const),
          reason: str(r.reason),
          decidedBy: str(r.decided_by),
          decidedAt: date(r.decided_at),
          runId: str(r.run_id),
          industry: String(r.industry),
          city: str(r.city),
          employeeCount: num(r.employee_count) ?? num(inputs.employeeCount),
          siteCount: num(r.site_count) ?? num(inputs.sites),
          tier: str(r.tier),
        };
      });
    },
  };
}

function incident(r: Raw) {
  return {
    runId: String(r.run_id),
    runKind: String(r.kind),
    name: String(r.name),
    httpStatus: num(r.http_status),
    text: str(r.text) ?? '',
    at: date(r.at),
  };
}

function scoutQuery(r: Raw): ScoutQueryRow {
  const input = (parseJson(r.input_summary) ?? {}) as Raw;
  const found = /^(\d+)\s+compan/.exec(str(r.output_summary) ?? '');
  return {
    runId: String(r.run_id),
    source: String(r.name).slice('scout.'.length),
    industry: str(input.industry),
    query: str(input.q),
    returned: found ? Number(found[1]) : null,
    at: date(r.created_at),
  };
}
