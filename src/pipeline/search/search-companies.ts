import type { CompanyRecord, CompanyRepo, Lead, NewCompany } from '../companies/ports.js';
import type { DirectiveStore } from '../directives/store.js';
import type { LlmPort } from '../llm/ports.js';
import { createProviderGuard, type ProviderGuard, type ProviderStateRepo, providerLabel } from '../providers/guard.js';
import type { RunTrigger } from '../runs/ports.js';
import type { RunHandle, RunTracker } from '../runs/tracker.js';
import { type IndustryMatch, loadIndustryTable, resolveIndustry } from '../scout/directive.js';
import { describeLocation } from '../scout/location.js';
import { planQueries } from '../scout/plan.js';
import type { CompanySource, SourceStatsRepo } from '../scout/ports.js';
import { type ScoutResult, scoutCompanies } from '../scout/scout.js';
import { createReenricher, orderSources, resolveSearchLocation } from '../scout/sources.js';
import { insertCandidates } from './insert.js';
import { type SearchArgsInput, validateSearchArgs } from './validate.js';

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
    const reused = deps.companies
      .listLeads({
        status: ['pending', 'new'],
        industry: industry.key,
        location: place,
        limit: args.count + args.exclude.length,
      })
      .map((l) => l.company)
      .filter((c) => !args.exclude.includes(c.id))
      .slice(0, args.count);
    let scout: ScoutResult | undefined;
    let inserted: CompanyRecord[] = [];
    if (reused.length < args.count) {
      const sources = orderSources(resolution.sources, deps.sourceStats.list(industry.key));
      scout = await scoutCompanies(
        { industry, location: resolution.location, count: args.count - reused.length },
        {
          sources,
          guard,
          companies: deps.companies,
          run,
          plan: (input) => planQueries(input, { llm: deps.llm, directives: deps.directives, industries: table }),
        },
      );
      inserted = insertCandidates(scout.candidates, { industry: industry.key, runId: run.id }, deps);
      run.count({ companiesFound: inserted.length });
      run.checkpoint({ companyIds: inserted.map((c) => c.id), variants: scout.variants });
      for (const row of scout.stats) deps.sourceStats.add(row, deps.now());
    }
    const toScore = [...reused.filter((c) => c.status === 'new'), ...inserted].map((c) => c.id);
    run.stage('analyst');
    if (toScore.length > 0)
      await deps.analyze(
        { companyIds: toScore, run },
        createReenricher(resolution.sources, guard, run, {
          companies: deps.companies,
          failing: Object.keys(scout?.failures ?? {}),
        }),
      );
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

function summarizeSearch(s: {
  found: number;
  count: number;
  reused: CompanyRecord[];
  industry: IndustryMatch;
  place: string;
  scout: ScoutResult | undefined;
  guard: ProviderGuard;
}): string {
  const waiting = s.reused.filter((c) => c.status === 'pending').length;
  let head = `${s.found} of ${s.count} ${s.industry.label} companies in ${s.place} found`;
  if (waiting > 0) head += ` (${waiting} already waiting for approval)`;
  if (s.found < s.count) head += `; the sources have no more ${s.found > 0 ? 'new ' : ''}ones`;
  const parts = [head];
  for (const skip of s.guard.skips()) parts.push(`${providerLabel(skip.provider)} skipped: ${skip.reason}`);
  for (const [source, reason] of Object.entries(s.scout?.failures ?? {}))
    if (!s.guard.isSkipped(source)) parts.push(`${providerLabel(source)} failed: ${reason}`);
  return parts.join(' · ');
}
