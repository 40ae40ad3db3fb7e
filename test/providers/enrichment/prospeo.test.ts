import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import type { ProviderFindings } from '../../../src/pipeline/enrichment/ports.js';
import { createProspeoProvider } from '../../../src/providers/enrichment/prospeo.js';
import { type Handler, type StandIn, sendJson, startStandIn } from '../../helpers/http-server.js';
import { sampleTarget } from '../../pipeline/enrichment/fixtures.js';
import { testClient, vendorContract } from './contract.js';

const person = {
  person_id: 'aa1b2c3d4e5f',
  first_name: 'Dana',
  last_name: 'Whitfield',
  full_name: 'Dana Whitfield',
  linkedin_url: 'https://www.linkedin.com/in/dana-whitfield-example',
  current_job_title: 'Chief Financial Officer',
  email: { status: 'VERIFIED', revealed: false, email: 'd***@acme.example' },
};

/** Shaped like https://prospeo.io/api-docs/search-person and /enrich-person. */
const answer: Handler = (req, res) => {
  if (req.path === '/enrich-person')
    return sendJson(res, 200, {
      error: false,
      free_enrichment: false,
      person: { ...person, email: { status: 'VERIFIED', revealed: true, email: 'dana.whitfield@acme.example' } },
      company: { name: 'Acme Dental Group', website: 'acme.example' },
    });
  return sendJson(res, 200, {
    error: false,
    results: [{ person, company: { name: 'Acme Dental Group', website: 'acme.example' } }],
    pagination: { current_page: 1, per_page: 25, total_page: 1, total_count: 1 },
  });
};
const find = (url: string) =>
  createProspeoProvider({ http: testClient('prospeo', url), apiKey: 'test-key' }).find(sampleTarget(), { known: [] });

vendorContract({
  vendor: 'prospeo',
  invoke: (_http, url) => find(url),
  answer,
  empty: (_req, res) => sendJson(res, 400, { error: true, error_code: 'NO_RESULTS' }),
  isEmpty: (r) => (r as ProviderFindings).candidates.length === 0,
  quotaBody: { error: true, error_code: 'RATE_LIMITED', message: 'Monthly quota exceeded' },
});

describe('prospeo adapter', () => {
  let server: StandIn | undefined;
  afterEach(async () => server?.close());

  it('searches by company website and titles, never takes a masked address, enriches the best-titled person', async () => {
    server = await startStandIn(answer);
    const { candidates } = await find(server.url);
    const [search, enrich] = server.requests;
    expect(search!.headers['x-key']).toBe('test-key');
    expect(JSON.parse(search!.body)).toMatchObject({
      filters: {
        company: { websites: { include: ['acme.example'] } },
        person_job_title: { include: expect.arrayContaining(['CFO']) },
      },
    });
    expect(JSON.parse(enrich!.body)).toEqual({ only_verified_email: true, data: { person_id: 'aa1b2c3d4e5f' } });
    expect(candidates).toEqual([
      expect.objectContaining({
        email: 'dana.whitfield@acme.example',
        verification: 'valid',
        title: 'Chief Financial Officer',
        source: 'prospeo',
      }),
    ]);
  });

  it('keeps the name when enrichment finds no verified address, and reads a spent balance as quota', async () => {
    server = await startStandIn((req, res) =>
      req.path === '/enrich-person' ? sendJson(res, 400, { error: true, error_code: 'NO_MATCH' }) : answer(req, res),
    );
    const { candidates } = await find(server.url);
    expect(candidates).toEqual([expect.objectContaining({ fullName: 'Dana Whitfield', email: null })]);
    await server.close();
    server = await startStandIn((_req, res) => sendJson(res, 400, { error: true, error_code: 'INSUFFICIENT_CREDITS' }));
    expect(isAppError(await find(server.url).catch((e) => e), 'quota_exhausted')).toBe(true);
  });
});
