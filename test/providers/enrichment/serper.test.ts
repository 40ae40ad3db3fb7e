import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import type { ProviderFindings } from '../../../src/pipeline/enrichment/ports.js';
import { createSerperProvider } from '../../../src/providers/enrichment/serper.js';
import { type StandIn, sendJson, startStandIn } from '../../helpers/http-server.js';
import { sampleTarget } from '../../pipeline/enrichment/fixtures.js';
import { testClient, vendorContract } from './contract.js';

/** Shaped like Serper's POST /search answer (https://serper.dev/playground). */
const results = (organic: { title: string; link: string; snippet: string }[]) => ({
  searchParameters: { q: 'query', type: 'search', engine: 'google' },
  organic: organic.map((o, i) => ({ ...o, position: i + 1 })),
  credits: 1,
});
const sitePage = results([
  {
    title: 'Our Team | Acme Dental Group',
    link: 'https://acme.example/team',
    snippet:
      'Meet our leadership. Dana Whitfield, Chief Financial Officer. Sam Ortiz is the Owner of Acme Dental Group since 2009.',
  },
  {
    title: 'Contact us - Acme Dental Group',
    link: 'https://acme.example/contact',
    snippet: 'Call 716-555-0142 or email info@acme.example',
  },
]);

const find = (url: string) =>
  createSerperProvider({ http: testClient('serper', url), apiKey: 'test-key' }).find(sampleTarget(), { known: [] });

vendorContract({
  vendor: 'serper',
  invoke: (_http, url) => find(url),
  answer: (_req, res) => sendJson(res, 200, sitePage),
  empty: (_req, res) => sendJson(res, 200, results([])),
  isEmpty: (r) => (r as ProviderFindings).candidates.length === 0,
  quotaBody: { message: 'Monthly quota exceeded', statusCode: 429 },
});

describe('serper adapter', () => {
  let server: StandIn | undefined;
  afterEach(async () => server?.close());

  it('searches the company site for the target titles and reads names and titles, never an address', async () => {
    server = await startStandIn((_req, res) => sendJson(res, 200, sitePage));
    const { candidates } = await find(server.url);
    const req = server.requests[0]!;
    expect(req.headers['x-api-key']).toBe('test-key');
    expect(JSON.parse(req.body).q).toBe(
      'site:acme.example ("CFO" OR "VP Finance" OR "Director of Facilities" OR "VP Operations" OR "Owner")',
    );
    expect(candidates.map((c) => [c.fullName, c.title, c.email, c.evidenceUrl])).toEqual([
      ['Dana Whitfield', 'Chief Financial Officer', null, 'https://acme.example/team'],
      ['Sam Ortiz', 'Owner', null, 'https://acme.example/team'],
    ]);
    expect(server.requests).toHaveLength(1);
  });

  it('falls back to LinkedIn profiles that name the company, ignoring other companies', async () => {
    server = await startStandIn((req, res) =>
      JSON.parse(req.body).q.startsWith('site:acme.example')
        ? sendJson(res, 200, results([]))
        : sendJson(
            res,
            200,
            results([
              {
                title: 'Lee Park - CFO - Acme Dental Group | LinkedIn',
                link: 'https://www.linkedin.com/in/lee-park-example',
                snippet: 'Buffalo, New York',
              },
              {
                title: 'Jo Marsh - CFO - Other Dental Co | LinkedIn',
                link: 'https://www.linkedin.com/in/jo-marsh-example',
                snippet: 'Rochester',
              },
            ]),
          ),
    );
    const { candidates } = await find(server.url);
    expect(JSON.parse(server.requests[1]!.body).q).toMatch(/^"Acme Dental Group" \(.+\) site:linkedin\.com\/in$/);
    expect(candidates).toEqual([
      expect.objectContaining({
        fullName: 'Lee Park',
        title: 'CFO',
        email: null,
        linkedinUrl: 'https://www.linkedin.com/in/lee-park-example',
      }),
    ]);
  });

  it('reads "Not enough credits" as a spent quota', async () => {
    server = await startStandIn((_req, res) => sendJson(res, 400, { message: 'Not enough credits', statusCode: 400 }));
    expect(isAppError(await find(server.url).catch((e) => e), 'quota_exhausted')).toBe(true);
  });
});
