import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { type Handler, type StandIn, sendJson, startStandIn } from '../../helpers/http-server.js';
import { buffaloQuery, sourcesFor } from '../../helpers/scout-http.js';

/** Apollo's documented organization search answer (abridged). */
const SEARCH = {
  breadcrumbs: [
    {
      label: 'Company Locations',
      signal_field_name: 'organization_locations',
      value: 'Buffalo, New York, US',
      display_name: 'Buffalo, New York, US',
    },
  ],
  partial_results_only: false,
  pagination: { page: 1, per_page: 20, total_entries: 2, total_pages: 1 },
  accounts: [],
  organizations: [
    {
      id: '5e66b6381e05b4008c8331b8',
      name: 'Lakeside Health System',
      website_url: 'http://www.lakesidehealth.example',
      primary_domain: 'lakesidehealth.example',
      phone: '+1 716-555-0150',
      primary_phone: { number: '+1 716-555-0150', source: 'Account', sanitized_number: '+17165550150' },
      estimated_num_employees: 1200,
      street_address: '100 High St',
      city: 'Buffalo',
      state: 'New York',
      postal_code: '14203',
      country: 'United States',
    },
    { id: '2', name: 'Austin Care Partners', primary_domain: 'austincare.example', city: 'Austin', state: 'Texas' },
    { id: '3', name: null },
  ],
  model_ids: ['5e66b6381e05b4008c8331b8', '2'],
};

let server: StandIn | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function apolloWith(handler: Handler) {
  server = await startStandIn(handler);
  const [apollo] = sourcesFor(server.url, { SCOUT_SOURCES: 'apollo', APOLLO_API_KEY: 'test-apollo-key' });
  return apollo!;
}

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('apollo source (organization search)', () => {
  it('posts the documented search with X-Api-Key, location and keyword tags, and maps organizations', async () => {
    const apollo = await apolloWith((_req, res) => sendJson(res, 200, SEARCH));
    const found = await apollo.search(buffaloQuery({ page: 2 }), {});
    const req = server!.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/api/v1/mixed_companies/search');
    expect(req.headers['x-api-key']).toBe('test-apollo-key');
    expect(JSON.parse(req.body)).toEqual({
      q_organization_keyword_tags: ['hospitals'],
      organization_locations: ['Buffalo, New York, US'],
      page: 2,
      per_page: 20,
    });
    expect(found).toEqual([
      {
        name: 'Lakeside Health System',
        industry: 'healthcare',
        domain: 'lakesidehealth.example',
        website: 'http://www.lakesidehealth.example',
        address: '100 High St',
        city: 'Buffalo',
        state: 'NY',
        postalCode: '14203',
        country: 'US',
        phone: '+1 716-555-0150',
        employeeCount: 1200,
        siteCount: null,
        buildingSqft: null,
        latitude: null,
        longitude: null,
        sources: ['apollo'],
        sourceRefs: { apollo: '5e66b6381e05b4008c8331b8' },
      },
    ]);
  });

  it('enriches a known domain with its employee count (re-enrichment), and knows nothing on 404', async () => {
    const apollo = await apolloWith((req, res) =>
      req.query.get('domain') === 'lakesidehealth.example'
        ? sendJson(res, 200, { organization: SEARCH.organizations[0] })
        : sendJson(res, 404, { error: 'not found' }),
    );
    const facts = await apollo.lookup!(
      { name: 'x', domain: 'www.lakesidehealth.example', city: null, state: null },
      {},
    );
    expect(facts).toMatchObject({ employeeCount: 1200, phone: '+1 716-555-0150' });
    expect(server!.requests[0]!.path).toBe('/api/v1/organizations/enrich');
    expect(await apollo.lookup!({ name: 'x', domain: 'unknown.example', city: null, state: null }, {})).toBeUndefined();
    expect(await apollo.lookup!({ name: 'x', domain: null, city: null, state: null }, {})).toBeUndefined();
  });

  it('explains a 403 as "plan has no API access" and keeps other errors typed', async () => {
    let mode = '403';
    const apollo = await apolloWith((_req, res) => {
      if (mode === '403')
        return sendJson(res, 403, {
          error: 'api/v1/mixed_companies/search is not accessible with this api_key on a free plan.',
          error_code: 'API_INACCESSIBLE',
        });
      if (mode === '401') return sendJson(res, 401, { error: 'Invalid access credentials.' });
      return sendJson(res, 500, { error: 'Internal Server Error' });
    });
    const forbidden = await errorOf(apollo.search(buffaloQuery(), {}));
    expect(isAppError(forbidden, 'forbidden')).toBe(true);
    expect(apollo.describeSkip!(forbidden as never)).toBe('403 plan has no API access');
    mode = '401';
    const unauthorized = await errorOf(apollo.search(buffaloQuery(), {}));
    expect(isAppError(unauthorized, 'unauthorized')).toBe(true);
    expect(apollo.describeSkip!(unauthorized as never)).toBeUndefined();
    mode = '500';
    expect(isAppError(await errorOf(apollo.search(buffaloQuery(), {})), 'provider_failed')).toBe(true);
    expect(server!.requests).toHaveLength(1 + 1 + 3);
  });
});
