import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { type Handler, type StandIn, sendJson, startStandIn } from '../../helpers/http-server.js';
import { buffaloQuery, sourcesFor } from '../../helpers/scout-http.js';

/** Serper's documented `POST /places` answer (abridged). */
const PLACES = {
  searchParameters: { q: 'hospitals in Buffalo, NY', gl: 'us', hl: 'en', type: 'places', engine: 'google' },
  places: [
    {
      position: 1,
      title: 'Lakeside General Hospital',
      address: '100 High St, Buffalo, NY 14203',
      latitude: 42.9,
      longitude: -78.86,
      rating: 4.1,
      ratingCount: 812,
      category: 'Hospital',
      phoneNumber: '(716) 555-0100',
      website: 'https://www.lakesidegeneral.example/',
      cid: '16917156524996281151',
    },
    {
      position: 2,
      title: 'Hertel Urgent Care',
      address: '1500 Hertel Ave, Buffalo, NY 14216',
      category: 'Urgent care center',
      cid: '2',
    },
    {
      position: 3,
      title: 'Amherst Family Clinic',
      address: '9 Main St, Amherst, NY 14226',
      website: 'http://amherstclinic.example',
    },
    { position: 4, address: 'no title here' },
  ],
};

let server: StandIn | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serperWith(handler: Handler, key: string | null = 'test-serper-key') {
  server = await startStandIn(handler);
  const [serper] = sourcesFor(server.url, { SCOUT_SOURCES: 'serper', ...(key ? { SERPER_API_KEY: key } : {}) });
  return serper!;
}

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('serper source (Places)', () => {
  it('posts the documented request with X-API-KEY and maps places in the asked city', async () => {
    const serper = await serperWith((_req, res) => sendJson(res, 200, PLACES));
    const found = await serper.search(buffaloQuery(), {});
    const req = server!.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/places');
    expect(req.headers['x-api-key']).toBe('test-serper-key');
    expect(JSON.parse(req.body)).toEqual({
      q: 'hospitals in Buffalo, NY',
      location: 'Buffalo, New York, United States',
      gl: 'us',
      hl: 'en',
      num: 20,
      page: 1,
    });
    expect(found).toEqual([
      {
        name: 'Lakeside General Hospital',
        industry: 'healthcare',
        domain: 'lakesidegeneral.example',
        website: 'https://www.lakesidegeneral.example',
        address: '100 High St',
        city: 'Buffalo',
        state: 'NY',
        postalCode: '14203',
        country: 'US',
        phone: '(716) 555-0100',
        employeeCount: null,
        siteCount: null,
        buildingSqft: null,
        latitude: 42.9,
        longitude: -78.86,
        sources: ['serper'],
        sourceRefs: { serper: '16917156524996281151' },
      },
      expect.objectContaining({
        name: 'Hertel Urgent Care',
        domain: null,
        address: '1500 Hertel Ave',
        postalCode: '14216',
      }),
    ]);
  });

  it('looks up a website and phone for a company by name and city', async () => {
    const serper = await serperWith((_req, res) => sendJson(res, 200, PLACES));
    const facts = await serper.lookup!(
      { name: 'Lakeside General Hospital, Inc.', domain: null, city: 'Buffalo', state: 'NY' },
      {},
    );
    expect(facts).toMatchObject({ website: 'https://www.lakesidegeneral.example', phone: '(716) 555-0100' });
    expect(JSON.parse(server!.requests[0]!.body).q).toBe('Lakeside General Hospital, Inc. Buffalo, NY');
  });

  it('fails as unauthorized without an API key, before any request', async () => {
    const serper = await serperWith((_req, res) => sendJson(res, 200, PLACES), null);
    const err = await errorOf(serper.search(buffaloQuery(), {}));
    expect(isAppError(err, 'unauthorized') && (err as Error).message).toBe('serper: SERPER_API_KEY is not set');
    expect(server!.requests).toHaveLength(0);
  });

  it('maps 403, "Not enough credits" and a spent 429 to skip-worthy errors; retries a short 429', async () => {
    let mode = '403';
    let n = 0;
    const serper = await serperWith((_req, res) => {
      n++;
      if (mode === '403') return sendJson(res, 403, { message: 'Unauthorized.', statusCode: 403 });
      if (mode === 'credits') return sendJson(res, 400, { message: 'Not enough credits', statusCode: 400 });
      if (mode === 'quota') return sendJson(res, 429, { message: 'Monthly quota exceeded' });
      return n % 2 === 1
        ? sendJson(res, 429, { message: 'Too many requests' }, { 'retry-after': '0.1' })
        : sendJson(res, 200, PLACES);
    });
    expect(isAppError(await errorOf(serper.search(buffaloQuery(), {})), 'forbidden')).toBe(true);
    mode = 'credits';
    const credits = await errorOf(serper.search(buffaloQuery(), {}));
    expect(isAppError(credits, 'quota_exhausted') && (credits as Error).message).toBe('serper: not enough credits');
    mode = 'quota';
    expect(isAppError(await errorOf(serper.search(buffaloQuery(), {})), 'quota_exhausted')).toBe(true);
    mode = 'transient';
    n = 0;
    expect(await serper.search(buffaloQuery(), {})).toHaveLength(2);
  });

  it('treats a timeout and malformed JSON as failures, not answers', async () => {
    let mode = 'slow';
    const serper = await serperWith((_req, res) => {
      if (mode === 'slow') return void setTimeout(() => sendJson(res, 200, PLACES), 1500);
      if (mode === 'malformed') return sendJson(res, 200, '{"places": [ {"title": ');
      return sendJson(res, 200, { searchParameters: {} });
    });
    expect(isAppError(await errorOf(serper.search(buffaloQuery(), {})), 'timeout')).toBe(true);
    mode = 'malformed';
    expect(isAppError(await errorOf(serper.search(buffaloQuery(), {})), 'provider_failed')).toBe(true);
    mode = 'no-places';
    const missing = await errorOf(serper.search(buffaloQuery(), {}));
    expect((missing as Error).message).toBe('serper: answer has no places list');
  });
});
