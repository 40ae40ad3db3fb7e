import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { AppError } from '../../errors.js';
import { parseLocation } from '../../pipeline/scout/location.js';
import { nameTokens, normalizeDomain, normalizeName } from '../../pipeline/scout/normalize.js';
import type {
  CandidateCompany,
  CompanyFacts,
  CompanySource,
  ResolvedLocation,
  ScoutQuery,
} from '../../pipeline/scout/ports.js';

type Cell = string | number | null;
type RawRow = [string, string, number, number, Cell, Cell, Cell, Cell, Cell, Cell, Cell, (number | null)[] | null];

interface DirectoryFile {
  industries: string[];
  cities: { city: string; state: string }[];
  rows: RawRow[];
}

export interface SandboxListing extends CandidateCompany {
  ref: string;
  hidden: CompanyFacts;
}

export interface SandboxDirectory {
  industries: string[];
  cities: { city: string; state: string }[];
  listings: SandboxListing[];
}

/** Where the generated directory lives: next to this file in src/, or found from dist/ via the package root. */
export const SANDBOX_DIRECTORY_FILE = (() => {
  const here = fileURLToPath(new URL('./sandbox/directory.json.gz', import.meta.url));
  const fromDist = fileURLToPath(new URL('../../../src/providers/scout/sandbox/directory.json.gz', import.meta.url));
  return existsSync(here) || !existsSync(fromDist) ? here : fromDist;
})();

/**
 * Reads the bundled sandbox directory (scripts/generate-sandbox-directory.ts writes it).
 * @throws AppError('invalid_config') when the file is missing or unreadable.
 */
export function loadSandboxDirectory(file = SANDBOX_DIRECTORY_FILE): SandboxDirectory {
  let data: DirectoryFile;
  try {
    const bytes = readFileSync(file);
    data = JSON.parse((file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')) as DirectoryFile;
  } catch (cause) {
    throw new AppError('invalid_config', `The sandbox directory ${file} cannot be read: ${(cause as Error).message}`, {
      cause,
    });
  }
  const num = (v: Cell) => (typeof v === 'number' ? v : null);
  const str = (v: Cell) => (typeof v === 'string' ? v : null);
  const listings = data.rows.map((r): SandboxListing => {
    const place = data.cities[r[3]]!;
    const hidden: CompanyFacts = {};
    if (r[11]?.[0]) hidden.employeeCount = r[11][0];
    if (r[11]?.[1]) hidden.siteCount = r[11][1];
    if (r[11]?.[2]) hidden.buildingSqft = r[11][2];
    const website = str(r[6]);
    return {
      ref: r[0],
      name: r[1],
      industry: data.industries[r[2]]!,
      city: place.city,
      state: place.state,
      country: 'US',
      address: str(r[4]),
      postalCode: str(r[5]),
      website,
      domain: sandboxDomain(website),
      phone: str(r[7]),
      employeeCount: num(r[8]),
      siteCount: num(r[9]),
      buildingSqft: num(r[10]),
      latitude: null,
      longitude: null,
      sources: ['sandbox'],
      sourceRefs: { sandbox: r[0] },
      hidden,
    };
  });
  return { industries: data.industries, cities: data.cities, listings };
}

/** The directory's websites are all `[scheme://][www.]label.example[/]`: read the domain without a PSL lookup. */
function sandboxDomain(website: string | null): string | null {
  if (!website) return null;
  const m = /^(?:https?:\/\/)?(?:www\.)?([a-z0-9-]+\.example)\/?$/.exec(website);
  return m ? m[1]! : (normalizeDomain(website) ?? null);
}

const stem = (t: string) => t.replace(/(ies)$/, 'y').replace(/(es|s)$/, '');
const hash = (text: string) => {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
};

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
  const strip = ({ ref: _ref, hidden: _hidden, ...company }: SandboxListing): CandidateCompany => ({
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
      const matches = dir().listings.filter(
        (l) =>
          l.industry === query.industry &&
          (city ? sameCity(l.city!, city) : true) &&
          (state ? l.state === state : city !== null),
      );
      const ranked = matches
        .map((l) => ({
          l,
          score: nameTokens(l.name).filter((t) => words.has(stem(t))).length,
          tie: hash(`${query.text}|${l.ref}`),
        }))
        .sort((a, b) => b.score - a.score || a.tie - b.tie);
      return ranked.slice(0, query.limit).map((x) => strip(x.l));
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
