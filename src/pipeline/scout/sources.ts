import { AppError, toAppError } from '../../errors.js';
import type { CompanyRecord, CompanyRepo, NewCompany } from '../companies/ports.js';
import type { WaterfallSpend } from '../enrichment/paid.js';
import { type ProviderGuard, providerLabel } from '../guard/provider-guard.js';
import type { RunHandle } from '../runs/recorder.js';
import { parseLocation } from './location.js';
import { normalizeDomain } from './normalize.js';
import { buySourceCall } from './paid-source.js';
import type { CompanyFacts, CompanySource, ResolvedLocation, SourceStatsRow } from './ports.js';

/** An error as a short reason for summaries, without the vendor prefix: "did not answer within 10000 ms". */
export function failureReason(err: AppError): string {
  const vendor = typeof err.details?.vendor === 'string' ? err.details.vendor : undefined;
  if (vendor && err.message.toLowerCase().startsWith(vendor.toLowerCase()))
    return err.message.slice(vendor.length).replace(/^:?\s+/, '');
  return err.message.replace(/^[\w.]+:\s+/, '');
}

/**
 * Orders sources by how often their results were kept for this industry (Laplace-smoothed kept/returned, so a
 * source never tried scores 0.5); ties keep the configured order.
 */
export function orderSources(sources: readonly CompanySource[], history: readonly SourceStatsRow[]): CompanySource[] {
  const rate = (name: string) => {
    const row = history.find((h) => h.source === name);
    return row ? (row.kept + 1) / (row.returned + 2) : 0.5;
  };
  return sources
    .map((source, i) => ({ source, i, r: rate(source.name) }))
    .sort((a, b) => b.r - a.r || a.i - b.i)
    .map((x) => x.source);
}

export interface LocationResolution {
  location: ResolvedLocation;
  /** Sources that can search this location, in the given order. */
  sources: CompanySource[];
  /** Sources that failed while resolving (401/403/quota/timeouts): replayed into the run's guard. */
  failed: { source: string; error: AppError }[];
}

/**
 * Resolves the location before anything is written. Sources with a geocoder must know the place; the others accept
 * any "City, ST" or state.
 * @throws AppError('invalid_input') when no source can search the place; ('provider_failed') when every source
 *   that could have resolved it failed.
 */
export async function resolveSearchLocation(
  text: string,
  sources: readonly CompanySource[],
  run?: RunHandle,
): Promise<LocationResolution> {
  const parsed = parseLocation(text);
  const usable: CompanySource[] = [];
  const failed: LocationResolution['failed'] = [];
  let location: ResolvedLocation | undefined;
  const unknownTo: string[] = [];
  for (const source of sources) {
    if (!source.resolveLocation) {
      if (parsed?.state) usable.push(source);
      else unknownTo.push(providerLabel(source.name));
      continue;
    }
    try {
      const resolved = await source.resolveLocation(text, { run });
      if (!resolved) {
        unknownTo.push(providerLabel(source.name));
        continue;
      }
      usable.push(source);
      location = location ? { ...resolved, ...location, bbox: location.bbox ?? resolved.bbox } : resolved;
    } catch (err) {
      failed.push({ source: source.name, error: toAppError(err, 'provider_failed') });
    }
  }
  if (usable.length === 0 && failed.length > 0) {
    const reasons = failed.map((f) => `${providerLabel(f.source)}: ${f.error.message}`).join('; ');
    throw new AppError('provider_failed', `Could not look up "${text}": ${reasons}`, { cause: failed[0]!.error });
  }
  if (usable.length === 0 || (!location && !parsed)) throw unknownLocation(text, unknownTo);
  return { location: location ?? parsed!, sources: usable, failed };
}

function unknownLocation(text: string, unknownTo: string[]): AppError {
  const shown = text.trim() ? `"${text.trim()}"` : 'an empty location';
  const who =
    unknownTo.length > 0 ? ` (${unknownTo.join(', ')} ${unknownTo.length > 1 ? 'do' : 'does'} not know it)` : '';
  return new AppError(
    'invalid_input',
    `No source can search ${shown}${who}. Give a US city and state like "Buffalo, NY", or a state like "TX".`,
  );
}

/** A source that failed this many lookups in a run (without being skipped) is not asked again. */
const MAX_LOOKUP_FAILURES = 2;

const FACT_FIELDS = [
  'employeeCount',
  'siteCount',
  'buildingSqft',
  'website',
  'domain',
  'phone',
  'address',
  'postalCode',
  'latitude',
  'longitude',
] as const;

/**
 * The Analyst's re-enrichment hook: asks each source that can look companies up (through the run's guard) for the
 * facts the company is missing, and returns only those. Undefined when no source knew more.
 */
export function createReenricher(
  sources: readonly CompanySource[],
  guard: ProviderGuard,
  run: RunHandle,
  options: {
    companies?: Pick<CompanyRepo, 'findByDomain'>;
    /** Sources that already failed in this run (timeouts, 5xx): not asked again. */
    failing?: Iterable<string>;
    /** Budgets and prices for paid sources. */
    spend?: WaterfallSpend;
  } = {},
) {
  const failures = new Map<string, number>([...(options.failing ?? [])].map((name) => [name, MAX_LOOKUP_FAILURES]));
  return async (company: CompanyRecord, gaps: string[]): Promise<Partial<NewCompany> | undefined> => {
    // The Analyst names gaps in snake_case ("employee_count"); without names, every empty fact is a gap.
    const gapFields = new Set<string>(gaps.map((g) => g.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())));
    if (gapFields.has('website')) gapFields.add('domain');
    const found: CompanyFacts = {};
    for (const source of sources) {
      if (!source.lookup || (failures.get(source.name) ?? 0) >= MAX_LOOKUP_FAILURES) continue;
      const missing = FACT_FIELDS.filter((f) => company[f] === null && found[f] === undefined);
      const open = missing.filter((f) => gapFields.size === 0 || gapFields.has(f));
      if (open.length === 0) break;
      if (source.lookupFields && !open.some((f) => source.lookupFields!.includes(f))) continue;
      let costUsd = 0;
      const result = await guard.call(source.name, () =>
        run.step(
          `reenrich.${source.name}`,
          async () => {
            const bought = await buySourceCall(source, 'lookup', options.spend, company.id, () =>
              source.lookup!(company, { run }),
            );
            costUsd = bought.costUsd;
            return bought.value;
          },
          {
            kind: 'provider',
            input: { company: company.name, missing },
            summarize: (facts) => missing.filter((f) => facts?.[f] != null).join(', ') || 'nothing new',
            cost: () => costUsd,
          },
        ),
      );
      if (!result.ok && !result.skipped) failures.set(source.name, (failures.get(source.name) ?? 0) + 1);
      if (!result.ok || !result.value) continue;
      for (const field of missing) {
        const value = result.value[field];
        if (value !== undefined && value !== null) (found as Record<string, unknown>)[field] = value;
      }
    }
    // A domain another stored company already has would be a duplicate: keep the gap instead.
    const domain = normalizeDomain(found.domain ?? found.website);
    const owner = domain ? await options.companies?.findByDomain(domain) : undefined;
    if (owner && owner.id !== company.id) {
      delete found.domain;
      delete found.website;
    } else if (domain && found.website && !found.domain && company.domain === null) found.domain = domain;
    return Object.keys(found).length > 0 ? (found as Partial<NewCompany>) : undefined;
  };
}
