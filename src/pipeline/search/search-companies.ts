import type { CompanyRecord, CompanyRepo, Lead, NewCompany } from '../companies/ports.js';
import type { PaidLookupDeps } from '../costs/paid-lookup.js';
import type { DirectiveStore } from '../directives/store.js';
import type { ProviderStateRepo } from '../guard/provider-guard.js';
import type { LlmPort } from '../llm/ports.js';
import type { RunTrigger } from '../runs/ports.js';
import type { RunHandle, RunRecorder } from '../runs/recorder.js';
import { loadIndustryTable } from '../scout/directive.js';
import { matchIndustry } from '../scout/industry.js';
import { describeLocation } from '../scout/location.js';
import type { CompanySource, SourceStatsRepo } from '../scout/ports.js';
import { resolveSearchLocation } from '../scout/sources.js';
import { defaultIndustryVocabulary, loadIndustryCategories } from '../scout/vocabulary/index.js';
import type { SearchCrm } from './crm-screen.js';
import { continueSearch, type SearchPlan } from './search-run.js';
import { type SearchArgsInput, validateSearchArgs } from './validate.js';

export type Reenrich = (company: CompanyRecord, gaps: string[]) => Promise<Partial<NewCompany> | undefined>;

/** The Analyst stage, bound to its ports (compose wires `analyzeCompanies`); `reenrich` is per run. */
export type AnalyzeFn = (
  input: { companyIds: number[]; run: RunHandle },
  reenrich: Reenrich,
) => Promise<{ scored: number; leads: Lead[] }>;

export interface SearchDeps {
  companies: CompanyRepo;
  recorder: RunRecorder;
  providerState: ProviderStateRepo;
  sourceStats: SourceStatsRepo;
  sources: CompanySource[];
  directives: DirectiveStore;
  llm: LlmPort;
  analyze: AnalyzeFn;
  /** Budgets and prices for paid Scout sources. */
  spend?: PaidLookupDeps;
  now: () => Date;
  /** The CRM check before Gate 1; absent when no CRM is configured. */
  crm?: SearchCrm;
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
  const industry = matchIndustry(args.industry, industryContext(deps.directives));
  const resolution = await resolveSearchLocation(args.location, deps.sources);
  const place = describeLocation(resolution.location);
  const run = await deps.recorder.start({
    kind: 'search',
    trigger: request.trigger,
    requestedBy: request.requestedBy ?? null,
    input: { industry: industry.label, location: place, count: args.count, exclude: args.exclude },
    slackChannel: request.slackChannel ?? null,
    slackThreadTs: request.slackThreadTs ?? null,
  });
  request.onRunStarted?.(run.id);
  return continueSearch({ run, args, industry, resolution, place, table }, deps);
}

/**
 * Resumes a search run left running by a restart, under the same run id: the place and industry are resolved again
 * from the run's input; if Scout had finished (its checkpoint), only the unscored companies go to the Analyst,
 * otherwise Scout runs again for what is missing (it never stores a company twice).
 * @throws whatever the search would (the run is then marked failed).
 */
export async function resumeSearch(input: { run: RunHandle }, deps: SearchDeps): Promise<SearchResult> {
  const { run } = input;
  let plan: SearchPlan;
  try {
    const saved = (await run.current()).input as Partial<SearchArgsInput>;
    const args = validateSearchArgs({
      industry: String(saved.industry ?? ''),
      location: String(saved.location ?? ''),
      count: saved.count,
      exclude: saved.exclude,
    });
    const table = loadIndustryTable(deps.directives);
    const resolution = await resolveSearchLocation(args.location, deps.sources);
    const industry = matchIndustry(args.industry, industryContext(deps.directives));
    plan = { run, args, industry, resolution, place: describeLocation(resolution.location), table, resumed: true };
  } catch (err) {
    await run.fail(err);
    throw err;
  }
  return continueSearch(plan, deps);
}

/** The vocabulary (OpenStreetMap presets) and the ICP categories a term is resolved with. */
export function industryContext(directives: DirectiveStore) {
  return { vocabulary: defaultIndustryVocabulary(), categories: loadIndustryCategories(directives) };
}
