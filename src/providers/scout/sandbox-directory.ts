import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { AppError } from '../../errors.js';
import { normalizeDomain } from '../../pipeline/scout/normalize.js';
import type { CandidateCompany, CompanyFacts } from '../../pipeline/scout/ports.js';

type Cell = string | number | null;
type RawRow = [
  string,
  string,
  number,
  number,
  Cell,
  Cell,
  Cell,
  Cell,
  Cell,
  Cell,
  Cell,
  (number | null)[] | null,
  (number | null)?,
];

interface DirectoryFile {
  industries: string[];
  /** Sub-industries ("charter school", "brewery"), indexed by a row's last cell. */
  kinds?: string[];
  cities: { city: string; state: string }[];
  rows: RawRow[];
}

export interface SandboxListing extends CandidateCompany {
  ref: string;
  hidden: CompanyFacts;
  /** The listing's sub-industry ("charter school"), when the directory has one. */
  kind: string | null;
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
      kind: typeof r[12] === 'number' ? (data.kinds?.[r[12]] ?? null) : null,
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
