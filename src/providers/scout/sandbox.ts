import { parseLocation } from '../../pipeline/scout/location.js';
import { nameTokens, normalizeDomain, normalizeName } from '../../pipeline/scout/normalize.js';
import type {
  CandidateCompany,
  CompanyFacts,
  CompanySource,
  ResolvedLocation,
  ScoutQuery,
} from '../../pipeline/scout/ports.js';
import { singular, words } from '../../pipeline/scout/vocabulary/morphology.js';
import { contentWords } from '../../pipeline/scout/vocabulary/vocabulary.js';
import { loadSandboxDirectory, type SandboxDirectory, type SandboxListing } from './sandbox-directory.js';

export { loadSandboxDirectory, SANDBOX_DIRECTORY_FILE, type SandboxDirectory } from './sandbox-directory.js';

const stem = (t: string) => t.replace(/(ies)$/, 'y').replace(/(es|s)$/, '');
const hash = (text: string) => {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
};

/** Singular words of a term or name, without generic heads ("Craft Breweries" → craft, brewery). */
const termWords = (text: string) => contentWords(text);

/** A listing is of the kind asked for when every word of the term is in its sub-industry or its name. */
function isKind(term: string, l: SandboxListing): boolean {
  const have = new Set([...termWords(l.kind ?? ''), ...words(l.name).map(singular)]);
  const want = termWords(term);
  return want.length > 0 && want.every((w) => have.has(w));
}

const sameCity = (a: string, b: string) =>
  a
    .toLowerCase()
    .replace(/^saint\b/, 'st.')
    .replace(/^st\b\.?/, 'st.') ===
  b
    .toLowerCase()
    .replace(/^saint\b/, 'st.')
    .replace(/^st\b\.?/, 'st.');

/**
 * The default Scout source: a bundled directory of fictional companies (`.example` domains) in 16 industries and
 * 29 US cities. Deterministic: the same query always returns the same listings.
 */
export function createSandboxSource(load: () => SandboxDirectory = () => loadSandboxDirectory()): CompanySource {
  let directory: SandboxDirectory | undefined;
  const byDomain = new Map<string, SandboxListing>();
  const byCityName = new Map<string, Map<string, SandboxListing>>();
  const dir = () => {
    if (directory) return directory;
    directory = load();
    for (const l of directory.listings) if (l.domain && !l.ref.endsWith('d')) byDomain.set(l.domain, l);
    return directory;
  };
  /** Listings of one city by normalized name, built the first time that city is looked up. */
  const namesIn = (city: string) => {
    const key = city.toLowerCase();
    let names = byCityName.get(key);
    if (!names) {
      names = new Map();
      for (const l of dir().listings)
        if (!l.ref.endsWith('d') && sameCity(l.city!, city)) names.set(normalizeName(l.name), l);
      byCityName.set(key, names);
    }
    return names;
  };
  const strip = ({ ref: _ref, hidden: _hidden, kind: _kind, ...company }: SandboxListing): CandidateCompany => ({
    ...company,
    sources: [...company.sources],
    sourceRefs: { ...company.sourceRefs },
  });
  return {
    name: 'sandbox',
    usesQueryText: true,
    async resolveLocation(text): Promise<ResolvedLocation | undefined> {
      const parsed = parseLocation(text);
      if (!parsed) return undefined;
      const { cities } = dir();
      if (parsed.city) {
        const match = cities.find(
          (c) => sameCity(c.city, parsed.city!) && (parsed.state === null || c.state === parsed.state),
        );
        return match ? { ...parsed, city: match.city, state: match.state } : undefined;
      }
      return cities.some((c) => c.state === parsed.state) ? parsed : undefined;
    },
    async search(query: ScoutQuery): Promise<CandidateCompany[]> {
      const { city, state } = query.location;
      const words = new Set(nameTokens(query.text).map(stem));
      const inPlace = dir().listings.filter(
        (l) => (city ? sameCity(l.city!, city) : true) && (state ? l.state === state : city !== null),
      );
      const asked = (l: SandboxListing) =>
        query.term === undefined || query.wholeCategory ? l.industry === query.industry : isKind(query.term, l);
      const matches = inPlace.filter(asked);
      const ranked = matches
        .map((l) => ({
          l,
          score: nameTokens(l.name).filter((t) => words.has(stem(t))).length,
          tie: hash(`${query.text}|${l.ref}`),
        }))
        .sort((a, b) => b.score - a.score || a.tie - b.tie);
      const found = ranked.slice(0, query.limit).map((x) => strip(x.l));
      // The same category as a labelled broader search, after everything that is what was asked.
      const broader = query.broader && query.term !== undefined && !query.wholeCategory ? query.broader : undefined;
      if (!broader || found.length >= query.limit) return found;
      const wider = inPlace
        .filter((l) => l.industry === query.industry && !asked(l))
        .map((l) => ({ l, tie: hash(`${query.text}|${l.ref}`) }))
        .sort((a, b) => a.tie - b.tie)
        .slice(0, query.limit - found.length)
        .map(({ l }) => strip(l))
        .map((c) => ({ ...c, sourceRefs: { ...c.sourceRefs, broader: broader.label } }));
      return [...found, ...wider];
    },
    async lookup(company): Promise<CompanyFacts | undefined> {
      dir();
      const domain = normalizeDomain(company.domain);
      const listing =
        (domain ? byDomain.get(domain) : undefined) ??
        (company.city ? namesIn(company.city).get(normalizeName(company.name)) : undefined);
      if (!listing) return undefined;
      const facts: CompanyFacts = {
        website: listing.website,
        domain: listing.domain,
        phone: listing.phone,
        address: listing.address,
        postalCode: listing.postalCode,
        employeeCount: listing.employeeCount,
        siteCount: listing.siteCount,
        buildingSqft: listing.buildingSqft,
        ...listing.hidden,
      };
      return Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== null && v !== undefined));
    },
  };
}
