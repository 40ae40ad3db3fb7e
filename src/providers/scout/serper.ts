import { AppError, isAppError } from '../../errors.js';
import { describeLocation, inLocation, parseUsAddress, US_STATES } from '../../pipeline/scout/location.js';
import { normalizeDomain, normalizeName, normalizeWebsite } from '../../pipeline/scout/normalize.js';
import type {
  CandidateCompany,
  CompanyFacts,
  CompanySource,
  ResolvedLocation,
  ScoutQuery,
} from '../../pipeline/scout/ports.js';
import type { HttpClient } from '../http/client.js';

/** One entry of Serper's `POST /places` answer (`places[]`). */
export interface SerperPlace {
  position?: number;
  title?: string;
  address?: string;
  latitude?: number;
  longitude?: number;
  rating?: number;
  ratingCount?: number;
  category?: string;
  phoneNumber?: string;
  website?: string;
  cid?: string;
}

export interface SerperSourceOptions {
  http: HttpClient;
  apiKey: string | undefined;
}

/** Google's canonical location name, which Serper's `location` expects: "Buffalo, New York, United States". */
function serperLocation(location: Pick<ResolvedLocation, 'city' | 'state'>): string | undefined {
  const state = location.state ? US_STATES[location.state] : undefined;
  if (!state) return undefined;
  return location.city ? `${location.city}, ${state}, United States` : `${state}, United States`;
}

/** Maps a Serper place to a candidate; undefined without a title. */
function fromSerperPlace(place: SerperPlace, industry: string): CandidateCompany | undefined {
  if (!place.title?.trim()) return undefined;
  const address = parseUsAddress(place.address);
  const website = normalizeWebsite(place.website) ?? null;
  return {
    name: place.title.trim(),
    industry,
    domain: normalizeDomain(website) ?? null,
    website,
    address: address.street,
    city: address.city,
    state: address.state,
    postalCode: address.postalCode,
    country: 'US',
    phone: place.phoneNumber ?? null,
    employeeCount: null,
    siteCount: null,
    buildingSqft: null,
    latitude: typeof place.latitude === 'number' ? place.latitude : null,
    longitude: typeof place.longitude === 'number' ? place.longitude : null,
    sources: ['serper'],
    sourceRefs: place.cid ? { serper: place.cid } : {},
  };
}

/**
 * Serper's Google Places search as a Scout source (`POST /places`, `X-API-KEY`). Serper answers "Not enough
 * credits" when the account is spent; that is treated as a spent quota so the run skips Serper.
 */
export function createSerperSource(options: SerperSourceOptions): CompanySource {
  const places = async (q: string, location: ResolvedLocation, num: number, page = 1) => {
    if (!options.apiKey) throw new AppError('unauthorized', 'serper: SERPER_API_KEY is not set');
    try {
      const res = await options.http.request<{ places?: SerperPlace[] }>({
        method: 'POST',
        path: '/places',
        headers: { 'X-API-KEY': options.apiKey },
        json: { q, location: serperLocation(location), gl: 'us', hl: 'en', num, page },
      });
      if (!res.data || !Array.isArray(res.data.places))
        throw new AppError('provider_failed', 'serper: answer has no places list');
      return res.data.places;
    } catch (err) {
      if (isAppError(err) && /credits?/i.test(String(err.details?.body ?? err.message)))
        throw new AppError('quota_exhausted', 'serper: not enough credits', { cause: err, details: err.details });
      throw err;
    }
  };
  return {
    name: 'serper',
    usesQueryText: true,
    // A lookup costs a credit: only worth it for a missing website.
    lookupFields: ['website', 'domain'],
    creditsPerCall: 1,
    async search(query: ScoutQuery): Promise<CandidateCompany[]> {
      const q = `${query.text} in ${describeLocation(query.location)}`;
      const found = await places(q, query.location, Math.min(100, query.limit), query.page);
      return found
        .map((p) => fromSerperPlace(p, query.industry))
        .filter((c): c is CandidateCompany => c !== undefined && inLocation(c, query.location));
    },
    async lookup(company): Promise<CompanyFacts | undefined> {
      if (!company.city && !company.state) return undefined;
      const location: ResolvedLocation = { text: '', city: company.city, state: company.state, country: 'US' };
      const found = await places(`${company.name} ${describeLocation(location)}`, location, 10);
      const name = normalizeName(company.name);
      const match = found.map((p) => fromSerperPlace(p, '')).find((c) => c && normalizeName(c.name) === name);
      if (!match) return undefined;
      const facts: CompanyFacts = {
        website: match.website,
        domain: match.domain,
        phone: match.phone,
        address: match.address,
        postalCode: match.postalCode,
        latitude: match.latitude,
        longitude: match.longitude,
      };
      return Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== null));
    },
  };
}
