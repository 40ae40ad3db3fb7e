import { AppError, isAppError } from '../../errors.js';
import { inLocation, stateCode, US_STATES } from '../../pipeline/scout/location.js';
import { normalizeDomain, normalizeWebsite } from '../../pipeline/scout/normalize.js';
import type {
  CandidateCompany,
  CompanyFacts,
  CompanySource,
  ResolvedLocation,
  ScoutQuery,
} from '../../pipeline/scout/ports.js';
import type { HttpClient } from '../http/client.js';

/** The organization fields leadbot reads from Apollo's search and enrich answers. */
export interface ApolloOrganization {
  id?: string;
  name?: string;
  website_url?: string | null;
  primary_domain?: string | null;
  phone?: string | null;
  sanitized_phone?: string | null;
  primary_phone?: { number?: string | null; sanitized_number?: string | null } | null;
  estimated_num_employees?: number | null;
  street_address?: string | null;
  city?: string | null;
  state?: string | null;
  postal_code?: string | null;
  country?: string | null;
}

export interface ApolloSearchResponse {
  pagination?: { page?: number; per_page?: number; total_entries?: number; total_pages?: number };
  organizations?: ApolloOrganization[];
  accounts?: ApolloOrganization[];
}

export interface ApolloSourceOptions {
  http: HttpClient;
  apiKey: string | undefined;
}

/** Apollo's HQ location filter: "Buffalo, New York, US" or "New York, US". */
function apolloLocation(location: Pick<ResolvedLocation, 'city' | 'state' | 'text'>): string {
  const state = location.state ? US_STATES[location.state] : undefined;
  if (location.city && state) return `${location.city}, ${state}, US`;
  return state ? `${state}, US` : location.text;
}

/** Maps an Apollo organization to a candidate; undefined without a name. */
function fromApollo(org: ApolloOrganization, industry: string): CandidateCompany | undefined {
  if (!org.name?.trim()) return undefined;
  const website = normalizeWebsite(org.website_url) ?? null;
  return {
    name: org.name.trim(),
    industry,
    domain: normalizeDomain(org.primary_domain) ?? normalizeDomain(website) ?? null,
    website,
    address: org.street_address?.trim() || null,
    city: org.city?.trim() || null,
    state: stateCode(org.state ?? '') ?? null,
    postalCode: org.postal_code?.trim() || null,
    country: 'US',
    phone: org.primary_phone?.number ?? org.phone ?? org.sanitized_phone ?? null,
    employeeCount: typeof org.estimated_num_employees === 'number' ? org.estimated_num_employees : null,
    siteCount: null,
    buildingSqft: null,
    latitude: null,
    longitude: null,
    sources: ['apollo'],
    sourceRefs: org.id ? { apollo: org.id } : {},
  };
}

/**
 * Apollo organization search as a Scout source (`POST /api/v1/mixed_companies/search`, `X-Api-Key`), and
 * organization enrichment by domain for re-enrichment. A 403 means the plan has no API access: skipped.
 */
export function createApolloSource(options: ApolloSourceOptions): CompanySource {
  const headers = () => {
    if (!options.apiKey) throw new AppError('unauthorized', 'apollo: APOLLO_API_KEY is not set');
    return { 'X-Api-Key': options.apiKey, 'Cache-Control': 'no-cache' };
  };
  return {
    name: 'apollo',
    usesQueryText: true,
    lookupFields: ['employeeCount', 'website'],
    // Organization search: 1 credit per page with results; enrichment: 1 per organization (docs.apollo.io/docs/api-pricing).
    creditsPerCall: 1,
    describeSkip: (err) => (isAppError(err, 'forbidden') ? '403 plan has no API access' : undefined),
    async search(query: ScoutQuery): Promise<CandidateCompany[]> {
      const res = await options.http.request<ApolloSearchResponse>({
        method: 'POST',
        path: '/api/v1/mixed_companies/search',
        headers: headers(),
        json: {
          q_organization_keyword_tags: [query.text],
          organization_locations: [apolloLocation(query.location)],
          page: query.page,
          per_page: Math.min(100, query.limit),
        },
      });
      const data = res.data;
      if (!data || (!Array.isArray(data.organizations) && !Array.isArray(data.accounts)))
        throw new AppError('provider_failed', 'apollo: answer has no organizations list');
      return [...(data.accounts ?? []), ...(data.organizations ?? [])]
        .map((org) => fromApollo(org, query.industry))
        .filter((c): c is CandidateCompany => c !== undefined && inLocation(c, query.location));
    },
    async lookup(company): Promise<CompanyFacts | undefined> {
      const domain = normalizeDomain(company.domain);
      if (!domain) return undefined;
      const res = await options.http.request<{ organization?: ApolloOrganization | null }>({
        path: '/api/v1/organizations/enrich',
        query: { domain },
        headers: headers(),
        acceptStatuses: [404],
      });
      const org = res.status === 404 ? undefined : res.data?.organization;
      const found = org ? fromApollo(org, '') : undefined;
      if (!found) return undefined;
      const facts: CompanyFacts = {
        employeeCount: found.employeeCount,
        website: found.website,
        phone: found.phone,
        address: found.address,
        postalCode: found.postalCode,
      };
      return Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== null));
    },
  };
}
