import { AppError } from '../../errors.js';
import type { CompanyRecord, CompanyRepo } from '../companies/ports.js';
import type { ContactRecord, ContactRepo } from '../contacts/ports.js';
import { createProviderGuard, type ProviderSkip, type ProviderStateRepo } from '../providers/guard.js';
import type { RunTrigger } from '../runs/ports.js';
import type { RunHandle, RunTracker } from '../runs/tracker.js';
import { isDisposableDomain } from './disposable.js';
import { summarizeEnrichment } from './format.js';
import type { DropReason } from './gates.js';
import type { EnrichmentSet } from './ports.js';
import { choosePrimary, MAX_CONTACTS_PER_COMPANY, toNewContact } from './primary.js';
import type { TitlePolicy } from './titles.js';
import { type Attempt, runWaterfall } from './waterfall.js';

export interface EnrichInput {
  trigger: RunTrigger;
  requestedBy?: string | null;
  /** Approved companies to (re-)enrich; default: every approved company without a primary contact. */
  companyIds?: number[];
  limit?: number;
  parentRunId?: string | null;
  slackChannel?: string | null;
  slackThreadTs?: string | null;
}

export interface EnrichDeps {
  companies: CompanyRepo;
  contacts: ContactRepo;
  tracker: RunTracker;
  providerState: ProviderStateRepo;
  enrichment: EnrichmentSet;
  titles: TitlePolicy;
  requireVerifiedGuesses: boolean;
  /** Companies worked on at once; each vendor's own rate limit still holds. Default 16. */
  concurrency?: number;
  isDisposable?: (domain: string) => boolean;
  now: () => Date;
}

export interface CompanyEnrichment {
  companyId: number;
  companyName: string;
  domain: string | null;
  outcome: 'found' | 'none' | 'no_domain' | 'failed';
  primary: ContactRecord | null;
  stored: number;
  attempts: Attempt[];
  dropped: Partial<Record<DropReason, number>>;
  note: string | null;
}

export interface EnrichOutcome {
  runId: string;
  companies: CompanyEnrichment[];
  /** Providers skipped for the rest of the run, with the reason (401/403/quota-429). */
  skipped: ProviderSkip[];
  /** Approved-only: requested ids that were not approved leads. */
  notApproved: number[];
  summary: string;
}

/**
 * Enrichment stage: finds a contact for approved companies through the provider waterfall, concurrently, as one
 * tracked run (kind 'enrich'). Idempotent per company: contacts are upserted, the primary re-chosen.
 * @throws AppError('not_found') when none of the given company ids exists.
 */
export async function enrichCompanies(input: EnrichInput, deps: EnrichDeps): Promise<EnrichOutcome> {
  const { companies, notApproved } = selectCompanies(input, deps);
  const run = deps.tracker.start({
    kind: 'enrich',
    trigger: input.trigger,
    requestedBy: input.requestedBy ?? null,
    input: { companyIds: companies.map((c) => c.id), providers: deps.enrichment.providers.map((p) => p.name) },
    parentRunId: input.parentRunId ?? null,
    slackChannel: input.slackChannel ?? null,
    slackThreadTs: input.slackThreadTs ?? null,
  });
  try {
    run.stage('enrich');
    run.count({ companies: companies.length });
    const guard = createProviderGuard({ state: deps.providerState, scope: run.id, now: deps.now });
    // Load the disposable-domain list now: loading it mid-run would stall requests already paced by the throttle.
    (deps.isDisposable ?? isDisposableDomain)('warm-up.invalid');
    const results: CompanyEnrichment[] = new Array(companies.length);
    let next = 0;
    const worker = async () => {
      while (next < companies.length) {
        const index = next++;
        results[index] = await enrichOne(companies[index]!, run, guard, deps);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(deps.concurrency ?? 16, companies.length)) }, worker));
    const skipped = guard.skips();
    const summary = summarizeEnrichment(results, skipped, deps.enrichment.mode);
    run.complete(summary);
    return { runId: run.id, companies: results, skipped, notApproved, summary };
  } catch (err) {
    run.fail(err);
    throw err;
  }
}

function selectCompanies(input: EnrichInput, deps: EnrichDeps) {
  const limit = input.limit ?? 500;
  if (!input.companyIds) {
    const leads = deps.companies.listLeads({ status: ['approved'], limit: 10_000 });
    const companies = leads
      .map((l) => l.company)
      .filter((c) => !deps.contacts.primaryFor(c.id))
      .slice(0, limit);
    return { companies, notApproved: [] as number[] };
  }
  const found = input.companyIds.map((id) => deps.companies.get(id)).filter((c): c is CompanyRecord => Boolean(c));
  if (input.companyIds.length > 0 && found.length === 0)
    throw new AppError('not_found', `No company with id ${input.companyIds.join(', ')}`);
  const companies = found.filter((c) => c.status === 'approved').slice(0, limit);
  return { companies, notApproved: found.filter((c) => c.status !== 'approved').map((c) => c.id) };
}

async function enrichOne(
  company: CompanyRecord,
  run: RunHandle,
  guard: ReturnType<typeof createProviderGuard>,
  deps: EnrichDeps,
): Promise<CompanyEnrichment> {
  const base = {
    companyId: company.id,
    companyName: company.name,
    domain: company.domain,
    stored: 0,
    attempts: [],
    dropped: {},
  };
  if (!company.domain) {
    run.count({ no_domain: 1 });
    return { ...base, outcome: 'no_domain', primary: null, note: 'no domain known; nothing to look up' };
  }
  try {
    const result = await runWaterfall(
      {
        companyId: company.id,
        companyName: company.name,
        domain: company.domain.toLowerCase().replace(/^www\./, ''),
        aliases: [],
        website: company.website,
        city: company.city,
        targetTitles: [...deps.titles.targets],
        rankTitle: deps.titles.rank,
      },
      {
        providers: deps.enrichment.providers,
        verifier: deps.enrichment.verifier,
        guard,
        run,
        titles: deps.titles,
        isDisposable: deps.isDisposable ?? isDisposableDomain,
      },
    );
    const kept = result.contacts.slice(0, MAX_CONTACTS_PER_COMPANY);
    for (const c of kept) deps.contacts.upsert(toNewContact(c, company.id, run.id), deps.now());
    const primary = choosePrimary(deps.contacts.listForCompany(company.id), deps.requireVerifiedGuesses) ?? null;
    if (primary && !primary.isPrimary) deps.contacts.setPrimary(company.id, primary.id, deps.now());
    const dropped = Object.values(result.dropped).reduce((a, b) => a + (b ?? 0), 0);
    run.count({
      contacts_stored: kept.length,
      candidates_dropped: dropped,
      [primary ? 'with_contact' : 'no_contact']: 1,
    });
    const names = kept.filter((c) => !c.email).length;
    const note = primary ? null : names > 0 ? `no address found (${names} named without one)` : 'no findable contact';
    return {
      ...base,
      attempts: result.attempts,
      dropped: result.dropped,
      stored: kept.length,
      outcome: primary ? 'found' : 'none',
      primary: primary ? (deps.contacts.get(primary.id) ?? null) : null,
      note,
    };
  } catch (err) {
    run.count({ failed: 1 });
    const message = err instanceof Error ? err.message : String(err);
    run.log({
      kind: 'stage',
      name: 'enrich.company',
      status: 'error',
      input: { company: company.name },
      error: message,
    });
    return { ...base, outcome: 'failed', primary: null, note: message };
  }
}
