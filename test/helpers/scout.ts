import { AppError } from '../../src/errors.js';
import type { CandidateCompany, CompanySource, ScoutQuery } from '../../src/pipeline/scout/ports.js';

/** A candidate listing on an .example domain; override any field. */
export function candidate(overrides: Partial<CandidateCompany> = {}): CandidateCompany {
  return {
    name: 'Lakeview Family Health',
    domain: 'lakeviewfamilyhealth.example',
    website: 'https://lakeviewfamilyhealth.example',
    industry: 'healthcare',
    address: '120 Elmwood Ave',
    city: 'Buffalo',
    state: 'NY',
    postalCode: '14201',
    country: 'US',
    phone: '(716) 555-0142',
    employeeCount: 140,
    siteCount: 3,
    buildingSqft: 42000,
    latitude: null,
    longitude: null,
    sources: ['sandbox'],
    sourceRefs: {},
    ...overrides,
  };
}

/** `n` distinct companies in one city, named "<prefix> 1…n" with domains "<prefix>-1.example"… */
export function companies(n: number, prefix: string, overrides: Partial<CandidateCompany> = {}): CandidateCompany[] {
  return Array.from({ length: n }, (_, i) => {
    const slug = `${prefix.toLowerCase().replace(/\W+/g, '-')}-${i + 1}`;
    return candidate({
      name: `${prefix} ${['Alpha', 'Bravo', 'Cedar', 'Delta', 'Elm', 'Fir', 'Grove', 'Harbor'][i % 8]} ${i + 1}`,
      domain: `${slug}.example`,
      website: `https://${slug}.example`,
      ...overrides,
    });
  });
}

export interface FakeSource extends CompanySource {
  queries: ScoutQuery[];
}

/**
 * A source answering from a fixed list (filtered by `limit`, paged by query text so variants bring different
 * listings), or failing with `error` when given.
 */
export function fakeSource(
  name: string,
  listings: CandidateCompany[] | ((q: ScoutQuery) => CandidateCompany[]),
  options: { error?: AppError; resolves?: boolean; usesQueryText?: boolean } = {},
): FakeSource {
  const queries: ScoutQuery[] = [];
  return {
    name,
    usesQueryText: options.usesQueryText ?? true,
    queries,
    async search(q) {
      queries.push(q);
      if (options.error) throw options.error;
      const all = typeof listings === 'function' ? listings(q) : listings;
      return all.slice(0, q.limit).map((c) => ({ ...c, sources: [name], sourceRefs: { [name]: c.name } }));
    },
    ...(options.resolves === undefined
      ? {}
      : {
          async resolveLocation(text: string) {
            if (!options.resolves) return undefined;
            return { text, city: 'Buffalo', state: 'NY', country: 'US' as const };
          },
        }),
  };
}

export const forbidden = (vendor: string) =>
  new AppError('forbidden', `${vendor}: 403 forbidden`, { details: { vendor, status: 403 } });
