import { filterAsync, mapAsync } from '../async.js';
import type { CompanyRecord, CompanyRepo } from '../companies/ports.js';
import { createProviderGuard } from '../guard/provider-guard.js';
import type { RunHandle } from '../runs/recorder.js';
import type { IndustryMatch, IndustryTable } from '../scout/directive.js';
import { planQueries } from '../scout/plan.js';
import { type ScoutResult, scoutCompanies } from '../scout/scout.js';
import { createReenricher, type LocationResolution, orderSources } from '../scout/sources.js';
import { crmFootnote, screenWithCrm } from './crm-screen.js';
import { insertCandidates } from './insert.js';
import type { SearchDeps, SearchResult } from './search-companies.js';
import { summarizeSearch } from './summary.js';
import type { ValidSearchArgs } from './validate.js';

/** A validated search with its run: what `searchCompanies` starts and `resumeSearch` rebuilds from the run. */
export interface SearchPlan {
  run: RunHandle;
  args: ValidSearchArgs;
  industry: IndustryMatch;
  resolution: LocationResolution;
  place: string;
  table: IndustryTable;
  /** Continuing a run interrupted by a restart (said in the summary). */
  resumed?: boolean;
}

/** Checkpoint keys: the companies Scout stored (set once Scout is done) and the waiting ones reused. */
const SCOUTED = 'companyIds';
const REUSED = 'reusedIds';

/**
 * Scout → Analyst within `plan.run`, leaving it awaiting approval (or completed when nothing was found). Scout is
 * skipped when the run's checkpoint says it finished; the Analyst scores only companies still unscored.
 */
export async function continueSearch(plan: SearchPlan, deps: SearchDeps): Promise<SearchResult> {
  const { run, args, industry, resolution, place } = plan;
  try {
    const guard = createProviderGuard({ state: deps.providerState, scope: run.id, now: deps.now });
    const spend = deps.spend ? { ...deps.spend, runId: run.id } : undefined;
    for (const { source, error } of resolution.failed) {
      const describe = deps.sources.find((s) => s.name === source)?.describeSkip;
      await guard.call(source, () => Promise.reject(error), describe);
    }
    await run.stage('scout');
    const checkpoint = (await run.current()).checkpoint;
    const scouted = Array.isArray(checkpoint[SCOUTED]);
    const reused = scouted
      ? (await mapAsync(idsOf(checkpoint[REUSED]), (id) => deps.companies.get(id))).flatMap((c) => c ?? [])
      : await waitingMatches(deps.companies, industry.key, place, args);
    if (!scouted) await run.checkpoint({ [REUSED]: reused.map((c) => c.id) });
    const sources = orderSources(resolution.sources, await deps.sourceStats.list(industry.key));
    const scoutFor = async (count: number) =>
      scoutCompanies(
        { industry, location: resolution.location, count },
        {
          sources,
          guard,
          companies: deps.companies,
          run,
          spend,
          plan: (input) => planQueries(input, { llm: deps.llm, directives: deps.directives, industries: plan.table }),
        },
      );
    const scout = !scouted && reused.length < args.count ? await scoutFor(args.count - reused.length) : undefined;
    const inserted = scout
      ? await storeFound(scout, industry.key, run, deps, [])
      : scouted
        ? (await deps.companies.listLeads({ runId: run.id, limit: 10_000 })).map((l) => l.company)
        : [];
    const screened = await screenWithCrm([...reused, ...inserted], deps.crm);
    // Companies the CRM knows were left out: Scout looks for others in their place (new ones only).
    for (
      let round = 0;
      scout && screened.leftOut.length > 0 && screened.kept.length < args.count && round < 2;
      round++
    ) {
      const more = await scoutFor(args.count - screened.kept.length);
      if (more.candidates.length === 0) break;
      const added = await storeFound(more, industry.key, run, deps, inserted);
      inserted.push(...added);
      const next = await screenWithCrm(added, deps.crm);
      screened.kept.push(...next.kept);
      screened.leftOut.push(...next.leftOut);
      screened.unchecked += next.unchecked;
    }
    const shown = screened.kept;
    await run.stage('analyst');
    const toScore = await filterAsync(
      shown,
      async (c) => ((await deps.companies.get(c.id))?.status ?? c.status) === 'new',
    );
    const reenrich = createReenricher(resolution.sources, guard, run, {
      companies: deps.companies,
      failing: Object.keys(scout?.failures ?? {}),
      spend,
    });
    if (toScore.length > 0) await deps.analyze({ companyIds: toScore.map((c) => c.id), run }, reenrich);
    const ids = [...new Set(shown.map((c) => c.id))];
    const leads = ids.length > 0 ? await deps.companies.listLeads({ ids, limit: ids.length }) : [];
    const found = await summarizeSearch({
      found: leads.length,
      count: args.count,
      reused,
      industry,
      place,
      scout,
      guard,
    });
    const footnote = deps.crm ? crmFootnote(screened, deps.crm.label) : undefined;
    const told = footnote ? `${found} · ${footnote}` : found;
    const summary = plan.resumed ? `${told} · continued after an interruption` : told;
    if (leads.length > 0) await run.awaitApproval(summary);
    else await run.complete(summary);
    return { runId: run.id, leads, summary };
  } catch (err) {
    await run.fail(err);
    throw err;
  }
}

function idsOf(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((id): id is number => typeof id === 'number') : [];
}

/** Matching companies still waiting at Gate 1 (or never scored), except those already shown. */
async function waitingMatches(companies: CompanyRepo, industry: string, place: string, args: ValidSearchArgs) {
  return (
    await companies.listLeads({
      status: ['pending', 'new'],
      industry,
      location: place,
      limit: args.count + args.exclude.length,
    })
  )
    .map((l) => l.company)
    .filter((c) => !args.exclude.includes(c.id))
    .slice(0, args.count);
}

/** Stores what Scout found and records the run's counters and each source's statistics. */
async function storeFound(
  scout: ScoutResult,
  industry: string,
  run: RunHandle,
  deps: SearchDeps,
  before: CompanyRecord[],
): Promise<CompanyRecord[]> {
  const inserted = await insertCandidates(scout.candidates, { industry, runId: run.id }, deps);
  await run.count({ companiesFound: inserted.length });
  await run.checkpoint({ [SCOUTED]: [...before, ...inserted].map((c) => c.id), variants: scout.variants });
  for (const row of scout.stats) await deps.sourceStats.add(row, deps.now());
  return inserted;
}
