import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import type { ProviderFindings } from '../../../src/pipeline/enrichment/ports.js';
import { createApolloProvider } from '../../../src/providers/enrichment/apollo.js';
import { type Handler, type StandIn, sendJson, startStandIn } from '../../helpers/http-server.js';
import { sampleTarget } from '../../pipeline/enrichment/fixtures.js';
import { testClient, vendorContract } from './contract.js';

const person = (over: Record<string, unknown>) => ({
  id: '64a1f0c2e9b1d2000157a7c1',
  first_name: 'Dana',
  last_name: 'Whitfield',
  name: 'Dana Whitfield',
  linkedin_url: 'http://www.linkedin.com/in/dana-whitfield-example',
  title: 'Chief Financial Officer',
  email_status: 'verified',
  email: 'email_not_unlocked@domain.com',
  organization_id: '5f2a1b',
  organization: { id: '5f2a1b', name: 'Acme Dental Group', primary_domain: 'acme.example' },
  ...over,
});

/** Shaped like https://docs.apollo.io/reference/people-search and /people-enrichment. */
const search = {
  breadcrumbs: [],
  partial_results_only: false,
  disable_eu_prospecting: false,
  contacts: [],
  people: [
    person({}),
    person({
      id: '64a1f0c2e9b1d2000157a7c2',
      first_name: 'Sam',
      last_name: 'Ortiz',
      name: 'Sam Ortiz',
      title: 'Owner',
      email: 'sam.ortiz@acme.example',
      linkedin_url: null,
    }),
  ],
  pagination: { page: 1, per_page: 10, total_entries: 2, total_pages: 1 },
};
const match = { person: person({ email: 'dana.whitfield@acme.example', email_status: 'verified' }) };

const answer: Handler = (req, res) =>
  req.path === '/api/v1/people/match' ? sendJson(res, 200, match) : sendJson(res, 200, search);
const find = (url: string) =>
  createApolloProvider({ http: testClient('apollo', url), apiKey: 'test-key' }).find(sampleTarget(), { known: [] });

vendorContract({
  vendor: 'apollo',
  invoke: (_http, url) => find(url),
  answer,
  empty: (_req, res) =>
    sendJson(res, 200, { ...search, people: [], pagination: { ...search.pagination, total_entries: 0 } }),
  isEmpty: (r) => (r as ProviderFindings).candidates.length === 0,
  quotaBody: { error: 'You have exceeded your monthly credits quota' },
  forbiddenReason: /^403 plan has no API access/,
  describeSkip: createApolloProvider({ http: testClient('apollo', 'http://127.0.0.1:9'), apiKey: 'k' }).describeSkip,
});

describe('apollo adapter', () => {
  let server: StandIn | undefined;
  afterEach(async () => server?.close());

  it('searches people by company domain and target titles with the key header', async () => {
    server = await startStandIn(answer);
    await find(server.url);
    const req = server.requests[0]!;
    expect(req).toMatchObject({ method: 'POST', path: '/api/v1/mixed_people/search' });
    expect(req.headers['x-api-key']).toBe('test-key');
    expect(JSON.parse(req.body)).toMatchObject({
      q_organization_domains_list: ['acme.example'],
      person_titles: expect.arrayContaining(['CFO', 'Owner']),
    });
  });

  it('never takes the locked placeholder for an address; reveals the best-titled locked person', async () => {
    server = await startStandIn(answer);
    const { candidates } = await find(server.url);
    expect(candidates.map((c) => c.email)).toEqual(['dana.whitfield@acme.example', 'sam.ortiz@acme.example']);
    expect(candidates[0]).toMatchObject({
      title: 'Chief Financial Officer',
      verification: 'valid',
      evidenceUrl: 'http://www.linkedin.com/in/dana-whitfield-example',
    });
    expect(JSON.parse(server.requests[1]!.body)).toEqual({
      id: '64a1f0c2e9b1d2000157a7c1',
      reveal_personal_emails: false,
    });
  });

  it("marks Apollo's own guesses as guessed, and reads an out-of-credits reveal as a spent quota", async () => {
    server = await startStandIn((req, res) =>
      req.path === '/api/v1/people/match'
        ? sendJson(res, 422, { error: 'You have insufficient credits to perform this action' })
        : sendJson(res, 200, {
            ...search,
            people: [
              person({ email: 'dana@acme.example', email_status: 'guessed', title: 'Owner' }),
              person({ id: 'x2', first_name: 'Lee', last_name: 'Park', name: 'Lee Park' }),
            ],
          }),
    );
    const err = await find(server.url).catch((e) => e);
    expect(isAppError(err, 'quota_exhausted')).toBe(true);
    await server.close();
    server = await startStandIn((_req, res) =>
      sendJson(res, 200, { ...search, people: [person({ email: 'dana@acme.example', email_status: 'guessed' })] }),
    );
    const { candidates } = await find(server.url);
    expect(candidates[0]).toMatchObject({ email: 'dana@acme.example', emailKind: 'guessed' });
    expect(candidates[0]!.verification).toBeUndefined();
  });
});
