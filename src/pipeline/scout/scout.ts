import { filterAsync } from '../async.js';
import type { CompanyRecord, CompanyRepo } from '../companies/ports.js';
import type { WaterfallSpend } from '../enrichment/paid.js';
import type { ProviderGuard } from '../guard/provider-guard.js';
import type { RunHandle } from '../runs/recorder.js';
import { createDedupeIndex, findExistingCompany } from './dedupe.js';
import type { IndustryMatch } from './directive.js';
import { describeLocation } from './location.js';
import { normalizeName } from './normalize.js';
import { buySourceCall } from './paid-source.js';
import type { PlanInput, QueryPlan } from './plan.js';
import type { CandidateCompany, CompanySource, ResolvedLocation, ScoutQuery, SourceStatsRow } from './ports.js';
import { failureReason } from './sources.js';

/** Below this share of the requested count, Scout runs one more round with new variants. */
const QUALITY_THRESHOLD = 0.8;
const MAX_ROUNDS = 2;
const MAX_ERRORS_PER_SOURCE = 2;

export interface ScoutInput {
  industry: IndustryMatch;
  location: ResolvedLocation;
  /** How many new companies are wanted. */
  count: number;
}

export interface ScoutDeps {
  /** Usable sources, best first. */
  sources: CompanySource[];
  guard: ProviderGuard;
  companies: CompanyRepo;
  plan: (input: PlanInput) => Promise<QueryPlan>;
  run: RunHandle;
  /** Budgets and prices for paid sources (absent: every source is simply called). */
  spend?: WaterfallSpend;
}

export interface ScoutResult {
  /** New companies (not in the database), deduped, best first, at most `count`. */
  candidates: CandidateCompany[];
  /** Listings that turned out to be companies already stored. */
  known: number;
  rounds: number;
  variants: string[];
  plannedBy: QueryPlan['source'][];
  stats: SourceStatsRow[];
  /** Sources that failed without being skipped (timeouts, 5xx): name → last error. */
  failures: Record<string, string>;
}

/** What a source needs to search for the term itself, and the labelled broader search. */
function termOf(industry: IndustryMatch): Partial<ScoutQuery> {
  if (industry.isCategory === undefined) return {};
  const broader =
    industry.broader ??
    (industry.category && !industry.isCategory
      ? { label: industry.categoryLabel ?? industry.category, osmTags: [] }
      : undefined);
  return {
    term: industry.label,
    wholeCategory: industry.isCategory,
    osmTags: industry.osmTags ?? [],
    ...(broader ? { broader } : {}),
  };
}

/**
 * Finds new companies: plans query variants, asks each source in order until enough distinct companies that are
 * not already stored have been found, and retries once with new variants when fewer than 80% were found.
 * Source failures never fail the stage: skip-worthy ones are flagged by the guard, others are reported.
 */
export async function scoutCompanies(input: ScoutInput, deps: ScoutDeps): Promise<ScoutResult> {
  const index = createDedupeIndex();
  const cityCache = new Map<string, CompanyRecord[]>();
  const stats = new Map(deps.sources.map((s) => [s.name, { queries: 0, returned: 0 }]));
  const errors = new Map<string, number>();
  const failures: Record<string, string> = {};
  const variants: string[] = [];
  const plannedBy: QueryPlan['source'][] = [];
  let fresh: CandidateCompany[] = [];
  const stored = new Map<string, boolean>();
  const isStored = async (c: CandidateCompany) => {
    const key = `${c.domain}|${normalizeName(c.name)}|${c.city?.toLowerCase()}`;
    let known = stored.get(key);
    if (known === undefined) {
      known = (await findExistingCompany(c, deps.companies, cityCache)) !== undefined;
      stored.set(key, known);
    }
    return known;
  };
  const refresh = async () => {
    fresh = await filterAsync(index.values(), async (c) => !(await isStored(c)));
  };
  let rounds = 0;
  while (rounds < MAX_ROUNDS) {
    rounds++;
    const plan = await deps.plan({
      industry: input.industry,
      location: describeLocation(input.location),
      count: input.count,
      avoid: [...variants],
      run: deps.run,
    });
    variants.push(...plan.variants);
    plannedBy.push(plan.source);
    for (const source of deps.sources) {
      const texts = source.usesQueryText ? plan.variants : plan.variants.slice(0, 1);
      for (const text of texts) {
        if (fresh.length >= input.count || (await deps.guard.isSkipped(source.name))) break;
        if ((errors.get(source.name) ?? 0) >= MAX_ERRORS_PER_SOURCE) break;
        const query: ScoutQuery = {
          text,
          industry: input.industry.key,
          ...termOf(input.industry),
          location: input.location,
          limit: Math.min(100, Math.max(20, input.count * 2)),
          page: rounds,
        };
        let costUsd = 0;
        const result = await deps.guard.call(
          source.name,
          () =>
            deps.run.step(
              `scout.${source.name}`,
              async () => {
                const bought = await buySourceCall(source, 'search', deps.spend, null, () =>
                  source.search(query, { run: deps.run }),
                );
                costUsd = bought.costUsd;
                return bought.value;
              },
              {
                kind: 'provider',
                input: { q: text, industry: query.industry, location: describeLocation(input.location), page: rounds },
                summarize: (found) => `${found.length} companies`,
                cost: () => costUsd,
              },
            ),
          source.describeSkip?.bind(source),
        );
        const stat = stats.get(source.name)!;
        stat.queries++;
        if (result.ok) {
          stat.returned += result.value.length;
          for (const candidate of result.value) index.add(candidate);
          await refresh();
        } else if (result.skipped) {
          await deps.run.log({
            kind: 'provider',
            name: `scout.${source.name}`,
            status: 'skipped',
            output: result.reason,
          });
        } else {
          errors.set(source.name, (errors.get(source.name) ?? 0) + 1);
          failures[source.name] = failureReason(result.error);
        }
      }
    }
    if (fresh.length >= Math.ceil(input.count * QUALITY_THRESHOLD)) break;
  }
  const candidates = fresh.slice(0, input.count);
  return {
    candidates,
    known: index.size - fresh.length,
    rounds,
    variants,
    plannedBy,
    stats: deps.sources.map((s) => ({
      source: s.name,
      industry: input.industry.key,
      ...stats.get(s.name)!,
      kept: candidates.filter((c) => c.sources.includes(s.name)).length,
    })),
    failures,
  };
}
