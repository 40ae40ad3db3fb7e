import type { CompanyRecord, CompanyRepo, Lead, NewCompany } from '../companies/ports.js';
import type { DirectiveStore } from '../directives/store.js';
import type { LlmPort } from '../llm/ports.js';
import { createProviderGuard, type ProviderStateRepo } from '../providers/guard.js';
import type { RunTrigger } from '../runs/ports.js';
import type { RunHandle, RunTracker } from '../runs/tracker.js';
import { loadIndustryTable, resolveIndustry } from '../scout/directive.js';
import { describeLocation } from '../scout/location.js';
import { planQueries } from '../scout/plan.js';
import type { CompanySource, SourceStatsRepo } from '../scout/ports.js';
import { type ScoutResult, scoutCompanies } from '../scout/scout.js';
import { createReenricher, orderSources, resolveSearchLocation } from '../scout/sources.js';
import { insertCandidates } from './insert.js';
import { summarizeSearch } from './summary.js';
import { type SearchArgsInput, type ValidSearchArgs, validateSearchArgs } from './validate.js';

export type Reenrich = (company: CompanyRecord, gaps: string[]) => Promise<Partial<NewCompany> | undefined>;

/** The Analyst stage, bound to its ports (compose wires `analyzeCompanies`); `reenrich` is per run. */
export type AnalyzeFn = (
  input: { companyIds: number[]; run: RunHandle },
  reenrich: Reenrich,
) => Promise<{ scored: number; leads: Lead[] }>;

export interface SearchDeps {
  companies: CompanyRepo;
  tracker: RunTracker;
  providerState: ProviderStateRepo;
  sourceStats: SourceStatsRepo;
  sources: CompanySource[];
  directives: DirectiveStore;
  llm: LlmPort;
  analyze: AnalyzeFn;
  now: () => Date;
}

export interface SearchRequest extends SearchArgsInput {
  trigger: RunTrigger;
  requestedBy?: string | null;
  slackChannel?: string | null;
  slackThreadTs?: string | null;
  /** Called once the run exists, so a surface can show live progress. */
  onRunStarted?: (runId: string) => void;
}

/** Who asked and where, as the agent's TurnContext carries it. */
export interface TurnLike {
  userId: string;
  surface: 'slack' | 'workspace' | 'cli';
  slackChannel?: string;
  slackThreadTs?: string;
  onRunStarted?: (runId: string) => void;
}

/** Builds a search request from the agent's SearchArgs and TurnContext (tier-2 intent, agent tool, CLI chat). */
export function requestFromTurn(args: SearchArgsInput, ctx: TurnLike): SearchRequest {
  return {
    ...args,
    trigger: ctx.surface,
    requestedBy: ctx.userId,
    slackChannel: ctx.slackChannel ?? null,
    slackThreadTs: ctx.slackThreadTs ?? null,
    onRunStarted: ctx.onRunStarted,
  };
}

/** Same shape as the agent's SearchOutcome. */
export interface SearchResult {
  runId: string;
  leads: Lead[];
  summary: string;
}

/**
 * One tracked search run: validates the request and resolves the location before anything is written, reuses
 * matching companies still waiting for approval (except `exclude`), scouts new ones, scores them with the Analyst
 * and leaves the run awaiting approval. Provider trouble never fails the run; it is named in the summary.
 * @throws AppError('invalid_input') for bad input or a place no source can search (nothing is written).
 */
export async function searchCompanies(request: SearchRequest, deps: SearchDeps): Promise<SearchResult> {
  const args = validateSearchArgs(request);
  const table = loadIndustryTable(deps.directives);
  const industry = resolveIndustry(args.industry, table);
  const resolution = await resolveSearchLocation(args.location, deps.sources);
  const place = describeLocation(resolution.location);
  const run = deps.tracker.start({
    kind: 'search',
    trigger: request.trigger,
    requestedBy: request.requestedBy ?? null,
    input: { industry: industry.key, location: place, count: args.count, exclude: args.exclude },
    slackChannel: request.slackChannel ?? null,
    slackThreadTs: request.slackThreadTs ?? null,
  });
  request.onRunStarted?.(run.id);
  try {
    const guard = createProviderGuard({ state: deps.providerState, scope: run.id, now: deps.now });
    for (const { source, error } of resolution.failed) {
      const describe = deps.sources.find((s) => s.name === source)?.describeSkip;
      await guard.call(source, () => Promise.reject(error), describe);
    }
    run.stage('scout');
    const reused = waitingMatches(deps.companies, industry.key, place, args);
    const scout =
      reused.length < args.count
        ? await scoutCompanies(
            { industry, location: resolution.location, count: args.count - reused.length },
            {
              sources: orderSources(resolution.sources, deps.sourceStats.list(industry.key)),
              guard,
              companies: deps.companies,
              run,
              plan: (input) => planQueries(input, { llm: deps.llm, directives: deps.directives, industries: table }),
            },
          )
        : undefined;
    const inserted = scout ? storeFound(scout, industry.key, run, deps) : [];
    run.stage('analyst');
    const toScore = [...reused.filter((c) => c.status === 'new'), ...inserted].map((c) => c.id);
    const reenrich = createReenricher(resolution.sources, guard, run, {
      companies: deps.companies,
      failing: Object.keys(scout?.failures ?? {}),
    });
    if (toScore.length > 0) await deps.analyze({ companyIds: toScore, run }, reenrich);
    const ids = [...reused, ...inserted].map((c) => c.id);
    const leads = ids.length > 0 ? deps.companies.listLeads({ ids, limit: ids.length }) : [];
    const summary = summarizeSearch({ found: leads.length, count: args.count, reused, industry, place, scout, guard });
    if (leads.length > 0) run.awaitApproval(summary);
    else run.complete(summary);
    return { runId: run.id, leads, summary };
  } catch (err) {
    run.fail(err);
    throw err;
  }
}

/** Matching companies still waiting at Gate 1 (or never scored), except those already shown. */
function waitingMatches(companies: CompanyRepo, industry: string, place: string, args: ValidSearchArgs) {
  return companies
    .listLeads({ status: ['pending', 'new'], industry, location: place, limit: args.count + args.exclude.length })
    .map((l) => l.company)
    .filter((c) => !args.exclude.includes(c.id))
    .slice(0, args.count);
}

/** Stores what Scout found and records the run's counters and each source's statistics. */
function storeFound(scout: ScoutResult, industry: string, run: RunHandle, deps: SearchDeps): CompanyRecord[] {
  const inserted = insertCandidates(scout.candidates, { industry, runId: run.id }, deps);
  run.count({ companiesFound: inserted.length });
  run.checkpoint({ companyIds: inserted.map((c) => c.id), variants: scout.variants });
  for (const row of scout.stats) deps.sourceStats.add(row, deps.now());
  return inserted;
}
