import type { AppError } from '../../errors.js';
import type { NewCompany } from '../companies/ports.js';
import type { RunHandle } from '../runs/recorder.js';

/** A company as a source reports it, before it is stored; `sources` names every source that saw it. */
export type CandidateCompany = Omit<NewCompany, 'normalizedName' | 'status' | 'foundByRunId'>;

/** Facts a source can add to a known company (re-enrichment of a data gap). */
export type CompanyFacts = Partial<
  Pick<
    CandidateCompany,
    | 'employeeCount'
    | 'siteCount'
    | 'buildingSqft'
    | 'website'
    | 'domain'
    | 'phone'
    | 'address'
    | 'postalCode'
    | 'latitude'
    | 'longitude'
  >
>;

/** A place a search is about, resolved once per run. */
export interface ResolvedLocation {
  /** What the user typed, trimmed: "Buffalo, NY". */
  text: string;
  city: string | null;
  /** Two-letter US state code. */
  state: string | null;
  country: 'US';
  /** South, west, north, east in degrees, when a geocoder resolved it. */
  bbox?: [number, number, number, number];
  /** The geocoder's own name for the place. */
  displayName?: string;
}

export interface ScoutQuery {
  /** One query variant, without the location: "urgent care centers". */
  text: string;
  /** The ICP category ("healthcare"), or the user's own words when outside the profile: companies are stored so. */
  industry: string;
  /** What the user asked for, in their words ("veterinary hospitals"); sources search for this, not a neighbour. */
  term?: string;
  /** The term names the category itself ("healthcare companies"): any company of the category fits. */
  wholeCategory?: boolean;
  /** OpenStreetMap tag sets for the term ("craft=brewery"; "+" joins tags that must all match). */
  osmTags?: string[];
  /** A broader search for when the term itself finds too little; its companies say so on the cards. */
  broader?: { label: string; osmTags: string[] };
  location: ResolvedLocation;
  /** How many results are worth returning. */
  limit: number;
  /** 1 for the first round, 2 for the quality retry (sources that page use it). */
  page: number;
}

export interface SourceContext {
  run?: RunHandle;
  signal?: AbortSignal;
}

/**
 * Where Scout finds companies (sandbox directory, OpenStreetMap, Serper, Apollo). Implementations translate vendor
 * failures into AppError; the search run calls them through the provider guard.
 */
export interface CompanySource {
  readonly name: string;
  /** False when every variant would return the same thing (OSM queries by tags): queried once per round. */
  readonly usesQueryText: boolean;
  search(query: ScoutQuery, ctx: SourceContext): Promise<CandidateCompany[]>;
  /**
   * Resolves a location this source can search in; undefined when it does not know the place.
   * Sources without it accept any location that parses as a US city and/or state.
   */
  resolveLocation?(text: string, ctx: SourceContext): Promise<ResolvedLocation | undefined>;
  /** The reason to show when the guard skips this source ("403 plan has no API access"). */
  describeSkip?(error: AppError): string | undefined;
  /** Credits one search or lookup uses at a paid vendor (default 1; a free source has no price at all). */
  readonly creditsPerCall?: number;
  /** Facts `lookup` can provide; it is asked only when one of them is a gap (default: any fact). */
  readonly lookupFields?: readonly (keyof CompanyFacts)[];
  /** Facts for a known company (by domain, or name and city); undefined when the source knows nothing more. */
  lookup?(
    company: Pick<CandidateCompany, 'name' | 'domain' | 'city' | 'state'>,
    ctx: SourceContext,
  ): Promise<CompanyFacts | undefined>;
}

export interface SourceStatsRow {
  source: string;
  industry: string;
  queries: number;
  returned: number;
  kept: number;
}

/** Which source produced kept companies, per industry (`source_stats`). */
export interface SourceStatsRepo {
  add(row: SourceStatsRow, at: Date): Promise<void>;
  list(industry: string): Promise<SourceStatsRow[]>;
}
