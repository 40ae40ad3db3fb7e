import type { CompanyRecord } from '../companies/ports.js';
import type { ContactRecord } from '../contacts/ports.js';
import type { BudgetRefusal } from '../costs/ports.js';
import type { ProviderGuard } from '../guard/provider-guard.js';
import type { RunHandle } from '../runs/recorder.js';
import { isDisposableDomain } from './disposable.js';
import type { EnrichDeps } from './enrich.js';
import type { DropReason } from './gates.js';
import { foundOffSite } from './off-site.js';
import type { PooledContact } from './pool.js';
import { canBePrimary, choosePrimary, MAX_CONTACTS_PER_COMPANY, toNewContact } from './primary.js';
import { type Attempt, runWaterfall } from './waterfall.js';

export interface CompanyEnrichment {
  companyId: number;
  companyName: string;
  domain: string | null;
  /** 'paused': a budget refused a paid lookup; the company is finished when the run resumes. */
  outcome: 'found' | 'none' | 'no_domain' | 'failed' | 'paused';
  primary: ContactRecord | null;
  stored: number;
  attempts: Attempt[];
  dropped: Partial<Record<DropReason, number>>;
  note: string | null;
  /** What the paid lookups for this company cost, in USD. */
  costUsd: number;
  paused?: BudgetRefusal;
}

type CompanyDeps = Omit<EnrichDeps, 'recorder' | 'providerState' | 'companies' | 'concurrency'> & {
  run: RunHandle;
  guard: ProviderGuard;
};

/**
 * Makes the best eligible contact primary; a primary that can no longer be sent to, or that was found on another
 * company's site, stops being primary.
 */
async function settlePrimary(company: CompanyRecord, deps: CompanyDeps): Promise<ContactRecord | null> {
  const all = await deps.contacts.listForCompany(company.id);
  const primary = choosePrimary(all, deps.requireVerifiedGuesses, company.domain) ?? null;
  if (primary && !primary.isPrimary) await deps.contacts.setPrimary(company.id, primary.id, deps.now());
  for (const stale of all.filter((c) => c.isPrimary && !canBePrimary(c, deps.requireVerifiedGuesses, company.domain)))
    if (stale.id !== primary?.id) await deps.contacts.update(stale.id, { isPrimary: false }, deps.now());
  return primary;
}

/**
 * "found", or why not: only people found on another company's site, a guess nobody could confirm, names without an
 * address, or nothing at all.
 */
async function outcomeOf(
  primary: ContactRecord | null,
  kept: readonly PooledContact[],
  domain: string,
  deps: CompanyDeps,
) {
  if (primary)
    return { outcome: 'found' as const, primary: (await deps.contacts.get(primary.id)) ?? primary, note: null };
  const offSite = kept.map((c) => foundOffSite(c, domain)).find(Boolean);
  const guess = kept.find((c) => c.emailKind === 'guessed' && c.email);
  const names = kept.filter((c) => !c.email).length;
  const note = offSite
    ? `only contacts found on ${offSite}, another site than ${domain}: never made the contact`
    : guess
      ? `only a guessed address verification did not confirm (${guess.email}, ${guess.verification})`
      : names > 0
        ? `no address found (${names} named without one)`
        : 'no findable contact';
  return { outcome: 'none' as const, primary: null, note };
}

/**
 * One company through the waterfall: stores what was kept (idempotent upserts), re-chooses the primary contact, and
 * counts the outcome on the run. A failure is this company's outcome, never the run's.
 */
export async function enrichCompany(company: CompanyRecord, deps: CompanyDeps): Promise<CompanyEnrichment> {
  const { run, guard } = deps;
  const base = {
    companyId: company.id,
    companyName: company.name,
    domain: company.domain,
    stored: 0,
    attempts: [],
    dropped: {},
    costUsd: 0,
  };
  if (!company.domain) {
    await run.count({ no_domain: 1 });
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
        spend: deps.spend ? { ...deps.spend, runId: run.id } : undefined,
      },
    );
    const kept = result.contacts.slice(0, MAX_CONTACTS_PER_COMPANY);
    for (const c of kept) await deps.contacts.upsert(toNewContact(c, company.id, run.id), deps.now());
    const spent = { attempts: result.attempts, dropped: result.dropped, stored: kept.length, costUsd: result.costUsd };
    if (result.paused) {
      // What the free providers found is kept; the primary is chosen once the paid lookups have been made too.
      await run.count({ contacts_stored: kept.length, paused: 1 });
      const note = result.attempts.find((a) => a.status === 'paused')?.detail ?? 'waits for the budget';
      return { ...base, ...spent, outcome: 'paused', primary: null, note, paused: result.paused };
    }
    const primary = await settlePrimary(company, deps);
    const dropped = Object.values(result.dropped).reduce((a, b) => a + (b ?? 0), 0);
    await run.count({
      contacts_stored: kept.length,
      candidates_dropped: dropped,
      [primary ? 'with_contact' : 'no_contact']: 1,
    });
    return { ...base, ...spent, ...(await outcomeOf(primary, kept, company.domain, deps)) };
  } catch (err) {
    await run.count({ failed: 1 });
    const message = err instanceof Error ? err.message : String(err);
    await run.log({
      kind: 'stage',
      name: 'enrich.company',
      status: 'error',
      input: { company: company.name },
      error: message,
    });
    return { ...base, outcome: 'failed', primary: null, note: message };
  }
}
