import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderFindings } from '../../../src/pipeline/enrichment/ports.js';
import { createHunterProvider } from '../../../src/providers/enrichment/hunter.js';
import { type Handler, type StandIn, sendJson, startStandIn } from '../../helpers/http-server.js';
import { candidate, sampleTarget } from '../../pipeline/enrichment/fixtures.js';
import { testClient, vendorContract } from './contract.js';

/** Shaped like https://hunter.io/api-documentation/v2#domain-search. */
const domainSearch = {
  data: {
    domain: 'acme.example',
    disposable: false,
    webmail: false,
    accept_all: false,
    pattern: '{first}.{last}',
    organization: 'Acme Dental Group',
    emails: [
      {
        value: 'dana.whitfield@acme.example',
        type: 'personal',
        confidence: 94,
        sources: [
          {
            domain: 'acme.example',
            uri: 'https://acme.example/team',
            extracted_on: '2026-03-02',
            last_seen_on: '2026-10-01',
            still_on_page: true,
          },
        ],
        first_name: 'Dana',
        last_name: 'Whitfield',
        position: 'Chief Financial Officer',
        seniority: 'executive',
        department: 'finance',
        linkedin: null,
        twitter: null,
        phone_number: null,
        verification: { date: '2026-10-01', status: 'valid' },
      },
      {
        value: 'info@acme.example',
        type: 'generic',
        confidence: 91,
        sources: [],
        first_name: null,
        last_name: null,
        position: null,
        verification: { date: null, status: 'accept_all' },
      },
    ],
    linked_domains: [],
  },
  meta: { results: 2, limit: 10, offset: 0, params: { domain: 'acme.example', company: null, type: null } },
};

/** Shaped like https://hunter.io/api-documentation/v2#email-finder. */
const emailFinder = {
  data: {
    first_name: 'Sam',
    last_name: 'Ortiz',
    email: 'sam.ortiz@acme.example',
    score: 87,
    domain: 'acme.example',
    accept_all: false,
    position: null,
    twitter: null,
    linkedin_url: null,
    phone_number: null,
    company: 'Acme Dental Group',
    sources: [],
    verification: { date: '2026-10-02', status: 'valid' },
  },
  meta: { params: { first_name: 'Sam', last_name: 'Ortiz', domain: 'acme.example' } },
};

const answer: Handler = (req, res) =>
  req.path === '/v2/email-finder' ? sendJson(res, 200, emailFinder) : sendJson(res, 200, domainSearch);
const find = (url: string, known = [] as ReturnType<typeof candidate>[]) =>
  createHunterProvider({ http: testClient('hunter', url), apiKey: 'test-key' }).find(sampleTarget(), {
    known: known.map((k) => ({ ...k, titleRank: 4 })),
  });

vendorContract({
  vendor: 'hunter',
  invoke: (_http, url) => find(url),
  answer,
  empty: (_req, res) => sendJson(res, 200, { data: { ...domainSearch.data, emails: [] }, meta: domainSearch.meta }),
  isEmpty: (r) => (r as ProviderFindings).candidates.length === 0,
  quotaBody: {
    errors: [
      {
        id: 'too_many_requests',
        code: 429,
        details: 'You have reached your usage limit. Upgrade your plan if necessary.',
      },
    ],
  },
  forbiddenReason: /^403 rate limit reached/,
  describeSkip: createHunterProvider({ http: testClient('hunter', 'http://127.0.0.1:9'), apiKey: 'k' }).describeSkip,
});

describe('hunter adapter', () => {
  let server: StandIn | undefined;
  afterEach(async () => server?.close());

  it('asks Domain Search for the domain with the key and maps people, sources and verification', async () => {
    server = await startStandIn(answer);
    const { candidates } = await find(server.url);
    expect(server.requests[0]!.path).toBe('/v2/domain-search');
    expect(Object.fromEntries(server.requests[0]!.query)).toMatchObject({
      domain: 'acme.example',
      api_key: 'test-key',
    });
    expect(candidates[0]).toEqual(
      expect.objectContaining({
        fullName: 'Dana Whitfield',
        title: 'Chief Financial Officer',
        email: 'dana.whitfield@acme.example',
        source: 'hunter',
        evidenceUrl: 'https://acme.example/team',
        confidence: 0.94,
        verification: 'valid',
      }),
    );
    expect(candidates[1]).toMatchObject({ email: 'info@acme.example', verification: 'catch_all' });
  });

  it('uses Email Finder for a person an earlier provider named without an address', async () => {
    server = await startStandIn(answer);
    const named = candidate({
      fullName: 'Sam Ortiz',
      firstName: 'Sam',
      lastName: 'Ortiz',
      title: 'Owner',
      email: null,
      source: 'serper',
    });
    const { candidates } = await find(server.url, [named]);
    const finder = server.requests.find((r) => r.path === '/v2/email-finder')!;
    expect(Object.fromEntries(finder.query)).toMatchObject({
      first_name: 'Sam',
      last_name: 'Ortiz',
      domain: 'acme.example',
    });
    expect(candidates.at(-1)).toMatchObject({
      email: 'sam.ortiz@acme.example',
      title: 'Owner',
      confidence: 0.87,
      verification: 'valid',
    });
  });
});
