import { AppError } from '../../errors.js';
import { filterAsync, mapAsync } from '../async.js';
import type { CompanyRecord, CompanyRepo } from '../companies/ports.js';
import type { ContactRepo } from '../contacts/ports.js';
import type { PaidLookupDeps } from '../costs/paid-lookup.js';
import { clearBudgetPause, pauseForBudget } from '../costs/pause.js';
import type { BudgetRefusal } from '../costs/ports.js';
import { createProviderGuard, type ProviderSkip, type ProviderStateRepo } from '../guard/provider-guard.js';
import type { RunTrigger } from '../runs/ports.js';
import type { RunHandle, RunRecorder } from '../runs/recorder.js';
import { type CompanyEnrichment, enrichCompany } from './company.js';
import { isDisposableDomain } from './disposable.js';
import { summarizeEnrichment } from './format.js';
import type { EnrichmentSet } from './ports.js';
import type { TitlePolicy } from './titles.js';

export interface EnrichInput {
  trigger: RunTrigger;
  requestedBy?: string | null;
  /** Approved companies to (re-)enrich; default: every approved company without a primary contact. */
  companyIds?: number[];
  limit?: number;
  parentRunId?: string | null;
  slackChannel?: string | null;
  slackThreadTs?: string | null;
  /**
   * Continue this run (resume after a restart) instead of starting one: `companyIds` are then the companies of its
   * batch not yet enriched, and no new run is recorded.
   */
  run?: RunHandle;
  /** Called as soon as a new run exists (not when continuing one), so a surface can show live progress. */
  onRunStarted?: (runId: string) => void;
}

/** The checkpoint key listing the companies of an enrich run already worked on (found or not). */
const ENRICHED_CHECKPOINT = 'enriched';

export interface EnrichDeps {
  companies: CompanyRepo;
  contacts: ContactRepo;
  recorder: RunRecorder;
  providerState: ProviderStateRepo;
  enrichment: EnrichmentSet;
  titles: TitlePolicy;
  requireVerifiedGuesses: boolean;
  /** Companies worked on at once; each vendor's own rate limit still holds. Default 16. */
  concurrency?: number;
  isDisposable?: (domain: string) => boolean;
  /** Budgets and records of lookups already bought; without it every provider is simply called. */
  spend?: PaidLookupDeps;
  now: () => Date;
}

export type { CompanyEnrichment };

export interface EnrichOutcome {
  runId: string;
  companies: CompanyEnrichment[];
  /** Providers skipped for the rest of the run, with the reason (401/403/quota-429). */
  skipped: ProviderSkip[];
  /** Approved-only: requested ids that were not approved leads. */
  notApproved: number[];
  summary: string;
  /** Set when a budget refused paid lookups: the run waits (awaiting_approval) with these companies left to do. */
  paused?: { refusal: BudgetRefusal; companyIds: number[] };
}

/**
 * Enrichment stage: finds a contact for approved companies through the provider waterfall, concurrently, as one
 * tracked run (kind 'enrich'). Idempotent per company: contacts are upserted, the primary re-chosen.
 * @throws AppError('not_found') when none of the given company ids exists.
 */
export async function enrichCompanies(input: EnrichInput, deps: EnrichDeps): Promise<EnrichOutcome> {
  const { companies, notApproved } = await selectCompanies(input, deps);
  const run =
    input.run ??
    (await deps.recorder.start({
      kind: 'enrich',
      trigger: input.trigger,
      requestedBy: input.requestedBy ?? null,
      input: { companyIds: companies.map((c) => c.id), providers: deps.enrichment.providers.map((p) => p.name) },
      parentRunId: input.parentRunId ?? null,
      slackChannel: input.slackChannel ?? null,
      slackThreadTs: input.slackThreadTs ?? null,
    }));
  if (!input.run) input.onRunStarted?.(run.id);
  try {
    await run.stage('enrich');
    if (input.run) await clearBudgetPause(run);
    const before = (await enrichedSoFar(run)).length;
    if (!input.run) await run.count({ companies: companies.length });
    const guard = createProviderGuard({ state: deps.providerState, scope: run.id, now: deps.now });
    // Load the disposable-domain list now: loading it mid-run would stall requests already paced by the throttle.
    (deps.isDisposable ?? isDisposableDomain)('warm-up.invalid');
    const results: CompanyEnrichment[] = new Array(companies.length);
    let next = 0;
    const worker = async () => {
      while (next < companies.length) {
        const index = next++;
        results[index] = await enrichCompany(companies[index]!, { ...deps, run, guard });
        if (results[index]!.outcome !== 'paused') await markEnriched(run, companies[index]!.id);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(deps.concurrency ?? 16, companies.length)) }, worker));
    const skipped = await guard.skips();
    const resumed = input.run
      ? ` · continued after an interruption${before > 0 ? ` (${before} enriched before it)` : ''}`
      : '';
    const summary = summarizeEnrichment(results, skipped, deps.enrichment.mode) + resumed;
    const waiting = results.filter((r) => r.outcome === 'paused');
    if (waiting.length === 0) {
      await run.complete(summary);
      return { runId: run.id, companies: results, skipped, notApproved, summary };
    }
    const paused = { refusal: waiting[0]!.paused!, companyIds: waiting.map((r) => r.companyId) };
    await pauseForBudget(run, paused.refusal, summary);
    return { runId: run.id, companies: results, skipped, notApproved, summary, paused };
  } catch (err) {
    await run.fail(err);
    throw err;
  }
}

/** The companies of this enrich run already worked on (its checkpoint). */
export async function enrichedSoFar(run: Pick<RunHandle, 'current'>): Promise<number[]> {
  const done = (await run.current()).checkpoint[ENRICHED_CHECKPOINT];
  return Array.isArray(done) ? done.filter((id): id is number => typeof id === 'number') : [];
}

/** Records on the run that this company's enrichment is done, so a resumed run skips it. */
async function markEnriched(run: RunHandle, companyId: number): Promise<void> {
  await run.checkpoint((current) => {
    const done = current[ENRICHED_CHECKPOINT];
    return { [ENRICHED_CHECKPOINT]: [...(Array.isArray(done) ? done : []), companyId] };
  });
}

async function selectCompanies(input: EnrichInput, deps: EnrichDeps) {
  const limit = input.limit ?? 500;
  if (!input.companyIds) {
    const leads = await deps.companies.listLeads({ status: ['approved'], limit: 10_000 });
    const without = await filterAsync(
      leads.map((l) => l.company),
      async (c) => !(await deps.contacts.primaryFor(c.id)),
    );
    const companies = without.slice(0, limit);
    return { companies, notApproved: [] as number[] };
  }
  const found = (await mapAsync(input.companyIds, (id) => deps.companies.get(id))).filter((c): c is CompanyRecord =>
    Boolean(c),
  );
  if (input.companyIds.length > 0 && found.length === 0)
    throw new AppError('not_found', `No company with id ${input.companyIds.join(', ')}`);
  const companies = found.filter((c) => c.status === 'approved').slice(0, limit);
  return { companies, notApproved: found.filter((c) => c.status !== 'approved').map((c) => c.id) };
}
