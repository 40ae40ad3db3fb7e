import type { CompanyRecord, CompanyRepo } from '../companies/ports.js';
import { nameTokens, normalizeDomain, normalizeName } from './normalize.js';
import type { CandidateCompany } from './ports.js';
import { softTokenJaccard } from './similarity.js';

/** Two names in the same city at or above this soft token-set Jaccard are one company. */
const FUZZY_NAME_THRESHOLD = 0.75;

/** What two listings are compared by: registrable domain, normalized name, its tokens, and city. */
export interface CompanyKeys {
  domain: string | undefined;
  name: string;
  tokens: string[];
  city: string | undefined;
}

export type Named = Pick<CandidateCompany, 'name' | 'domain' | 'website' | 'city'>;

export const keysOf = (c: Named): CompanyKeys => ({
  domain: normalizeDomain(c.domain) ?? normalizeDomain(c.website),
  name: normalizeName(c.name),
  tokens: nameTokens(c.name),
  city: c.city?.trim().toLowerCase() || undefined,
});

/**
 * Whether two listings are the same company: same registrable domain; otherwise (never across two different
 * domains) the same normalized name in the same city, or a fuzzy name match in the same city.
 */
export function sameCompany(a: Named, b: Named): boolean {
  return sameKeys(keysOf(a), keysOf(b));
}

/** `keysOf` for a candidate whose domain is already a registrable domain (or null): the name is read once. */
export function keysOfNormalized(c: Pick<CandidateCompany, 'name' | 'domain' | 'city'>): CompanyKeys {
  const tokens = nameTokens(c.name);
  return {
    domain: c.domain ?? undefined,
    name: tokens.length > 0 ? tokens.join(' ') : c.name.trim().toLowerCase(),
    tokens,
    city: c.city?.trim().toLowerCase() || undefined,
  };
}

/** `sameCompany` on keys already computed. */
export function sameKeys(a: CompanyKeys, b: CompanyKeys): boolean {
  if (a.domain && b.domain) return a.domain === b.domain;
  if (a.city && b.city && a.city !== b.city) return false;
  if (a.name === b.name) return true;
  if (!a.city || !b.city) return false;
  return softTokenJaccard(a.tokens, b.tokens) >= FUZZY_NAME_THRESHOLD;
}

const filled = (c: CandidateCompany) =>
  Object.entries(c).filter(([k, v]) => v !== null && v !== '' && k !== 'sources' && k !== 'sourceRefs').length;

/** Keeps the richer record, fills its gaps from the other, and remembers every source that saw either. */
export function mergeCandidates(a: CandidateCompany, b: CandidateCompany): CandidateCompany {
  const [base, other] = filled(b) > filled(a) ? [b, a] : [a, b];
  const merged: CandidateCompany = { ...base };
  for (const [key, value] of Object.entries(other) as [keyof CandidateCompany, unknown][]) {
    if ((merged[key] === null || merged[key] === '') && value !== null)
      (merged as Record<string, unknown>)[key] = value;
  }
  if (base.siteCount !== null && other.siteCount !== null) merged.siteCount = Math.max(base.siteCount, other.siteCount);
  merged.domain = normalizeDomain(merged.domain) ?? normalizeDomain(merged.website) ?? null;
  merged.sources = [...new Set([...a.sources, ...b.sources])];
  merged.sourceRefs = { ...other.sourceRefs, ...base.sourceRefs };
  return merged;
}

/** Incremental dedupe: add listings as sources answer; `values()` is one record per company. */
export function createDedupeIndex() {
  const entries: { keys: CompanyKeys; company: CandidateCompany }[] = [];
  const byDomain = new Map<string, number>();
  return {
    /** Adds a listing; returns true when it merged into a company already seen. */
    add(candidate: CandidateCompany): boolean {
      const keys = keysOf(candidate);
      let index = keys.domain ? byDomain.get(keys.domain) : undefined;
      if (index === undefined) index = entries.findIndex((e) => sameKeys(e.keys, keys));
      if (index < 0) {
        const domain = keys.domain ?? null;
        entries.push({ keys, company: { ...candidate, domain } });
        if (keys.domain) byDomain.set(keys.domain, entries.length - 1);
        return false;
      }
      const entry = entries[index]!;
      entry.company = mergeCandidates(entry.company, candidate);
      entry.keys = keysOf(entry.company);
      if (entry.keys.domain) byDomain.set(entry.keys.domain, index);
      return true;
    },
    values: () => entries.map((e) => e.company),
    get size() {
      return entries.length;
    },
  };
}

/** One record per company from a list of listings. */
export function dedupeCandidates(candidates: readonly CandidateCompany[]): CandidateCompany[] {
  const index = createDedupeIndex();
  for (const c of candidates) index.add(c);
  return index.values();
}

/**
 * The stored company a candidate is, if any: by domain, then normalized name in the same city, then a fuzzy name
 * match among the city's companies. `cityCache` keeps one `listInCity` read per city per run.
 */
export async function findExistingCompany(
  candidate: Named,
  companies: CompanyRepo,
  cityCache: Map<string, CompanyRecord[]> = new Map(),
): Promise<CompanyRecord | undefined> {
  const keys = keysOf(candidate);
  if (keys.domain) {
    const byDomain = await companies.findByDomain(keys.domain);
    if (byDomain) return byDomain;
  }
  const byName = (await companies.findByNormalizedName(keys.name)).find((c) => sameKeys(keysOf(c), keys));
  if (byName || !keys.city) return byName;
  let inCity = cityCache.get(keys.city);
  if (!inCity) {
    inCity = await companies.listInCity(keys.city);
    cityCache.set(keys.city, inCity);
  }
  return inCity.find((c) => sameKeys(keysOf(c), keys));
}
