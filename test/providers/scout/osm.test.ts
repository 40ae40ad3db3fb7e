import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { buildOverpassQuery } from '../../../src/providers/scout/osm.js';
import { type Handler, type StandIn, sendJson, startStandIn } from '../../helpers/http-server.js';
import { buffaloQuery, sourcesFor } from '../../helpers/scout-http.js';

/** Nominatim's documented jsonv2 answer for "Buffalo, NY" with addressdetails=1 (abridged). */
const NOMINATIM_BUFFALO = [
  {
    place_id: 297466231,
    licence: 'Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright',
    osm_type: 'relation',
    osm_id: 175031,
    lat: '42.8867166',
    lon: '-78.8783922',
    category: 'boundary',
    type: 'administrative',
    place_rank: 16,
    importance: 0.68,
    addresstype: 'city',
    name: 'Buffalo',
    display_name: 'Buffalo, Erie County, New York, United States',
    address: {
      city: 'Buffalo',
      county: 'Erie County',
      state: 'New York',
      'ISO3166-2-lvl4': 'US-NY',
      country: 'United States',
      country_code: 'us',
    },
    boundingbox: ['42.8260480', '42.9664500', '-78.9194830', '-78.7951370'],
  },
];

/** Overpass `[out:json]` with `out center tags` (abridged). */
const OVERPASS_ANSWER = {
  version: 0.6,
  generator: 'Overpass API 0.7.62',
  osm3s: {
    timestamp_osm_base: '2026-11-25T09:00:00Z',
    copyright: 'The data included in this document is from www.openstreetmap.org.',
  },
  elements: [
    {
      type: 'node',
      id: 101,
      lat: 42.9,
      lon: -78.87,
      tags: {
        amenity: 'clinic',
        name: 'Elmwood Village Clinic',
        website: 'https://www.elmwoodclinic.example/',
        phone: '+1 716 555 0101',
        'addr:housenumber': '12',
        'addr:street': 'Elmwood Avenue',
        'addr:city': 'Buffalo',
        'addr:state': 'NY',
        'addr:postcode': '14222',
      },
    },
    {
      type: 'way',
      id: 202,
      center: { lat: 42.91, lon: -78.86 },
      tags: { amenity: 'hospital', name: 'Lakeside General Hospital', 'contact:website': 'lakesidegeneral.example' },
    },
    { type: 'node', id: 303, lat: 42.9, lon: -78.9, tags: { amenity: 'doctors' } },
    {
      type: 'node',
      id: 404,
      lat: 42.95,
      lon: -78.8,
      tags: { amenity: 'clinic', name: 'Amherst Clinic', 'addr:city': 'Amherst' },
    },
  ],
};

let server: StandIn | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function osmWith(handler: Handler, env: Record<string, string> = {}) {
  server = await startStandIn(handler);
  const [osm] = sourcesFor(server.url, { SCOUT_SOURCES: 'osm', ...env });
  return osm!;
}

const vendor = (path: string) => (path === '/search' ? NOMINATIM_BUFFALO : OVERPASS_ANSWER);

describe('osm source (Nominatim + Overpass)', () => {
  it('geocodes with Nominatim as its usage policy asks: jsonv2, limit 1, identifying user agent and email', async () => {
    const osm = await osmWith((req, res) => sendJson(res, 200, vendor(req.path)), {
      OSM_CONTACT_EMAIL: 'Ops <ops@leadbot-sandbox.example>',
    });
    const place = await osm.resolveLocation!('Buffalo, NY', {});
    expect(place).toEqual({
      text: 'Buffalo, NY',
      city: 'Buffalo',
      state: 'NY',
      country: 'US',
      bbox: [42.826048, -78.919483, 42.96645, -78.795137],
      displayName: 'Buffalo, Erie County, New York, United States',
    });
    const req = server!.requests[0]!;
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/search');
    expect(Object.fromEntries(req.query)).toEqual({
      format: 'jsonv2',
      q: 'Buffalo, NY',
      limit: '1',
      countrycodes: 'us',
      addressdetails: '1',
      email: 'ops@leadbot-sandbox.example',
    });
    expect(req.headers['user-agent']).toMatch(/^leadbot\/.*ops@leadbot-sandbox\.example/);
  });

  it('says it does not know a place Nominatim cannot find', async () => {
    const osm = await osmWith((_req, res) => sendJson(res, 200, []));
    expect(await osm.resolveLocation!('Atlantis', {})).toBeUndefined();
  });

  it('asks Overpass for named features with the directive tags in the box and maps the answer', async () => {
    const osm = await osmWith((req, res) => sendJson(res, 200, vendor(req.path)));
    const found = await osm.search(buffaloQuery(), {});
    const req = server!.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/interpreter');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const ql = new URLSearchParams(req.body).get('data')!;
    expect(ql).toContain('[out:json][timeout:25];');
    expect(ql).toContain('nwr["amenity"="hospital"]["name"](42.82605,-78.91948,42.96645,-78.79514);');
    expect(ql).toContain('nwr["healthcare"="clinic"]["name"]');
    expect(ql).toContain('out center tags 20;');
    expect(found).toEqual([
      expect.objectContaining({
        name: 'Elmwood Village Clinic',
        domain: 'elmwoodclinic.example',
        website: 'https://www.elmwoodclinic.example',
        phone: '+1 716 555 0101',
        address: '12 Elmwood Avenue',
        city: 'Buffalo',
        state: 'NY',
        postalCode: '14222',
        latitude: 42.9,
        sources: ['osm'],
        sourceRefs: { osm: 'node/101' },
      }),
      expect.objectContaining({
        name: 'Lakeside General Hospital',
        domain: 'lakesidegeneral.example',
        city: 'Buffalo',
        latitude: 42.91,
        sourceRefs: { osm: 'way/202' },
      }),
    ]);
  });

  it('builds a query per tag, key-only tags included', () => {
    expect(buildOverpassQuery(['office', 'shop=car'], [1, 2, 3, 4], 5, 10)).toBe(
      '[out:json][timeout:10];\n(\n  nwr["office"]["name"](1.00000,2.00000,3.00000,4.00000);\n  nwr["shop"="car"]["name"](1.00000,2.00000,3.00000,4.00000);\n);\nout center tags 5;',
    );
  });

  it('searches the tags of the term asked for, all of a set together, and labels only a broader search', async () => {
    const osm = await osmWith((req, res) => sendJson(res, 200, vendor(req.path)));
    const own = await osm.search(
      buffaloQuery({ term: 'breweries', osmTags: ['craft=brewery', 'shop=car+second_hand=only'] }),
      {},
    );
    const ql = new URLSearchParams(server!.requests[0]!.body).get('data')!;
    expect(ql).toContain('nwr["craft"="brewery"]["name"]');
    expect(ql).toContain('nwr["shop"="car"]["second_hand"="only"]["name"]');
    expect(ql).not.toContain('amenity');
    expect(own.every((c) => c.sourceRefs.broader === undefined)).toBe(true);
    const wide = await osm.search(
      buffaloQuery({
        term: 'charter schools',
        osmTags: [],
        broader: { label: 'schools', osmTags: ['amenity=school'] },
      }),
      {},
    );
    expect(new URLSearchParams(server!.requests[1]!.body).get('data')).toContain('nwr["amenity"="school"]');
    expect(wide.length).toBeGreaterThan(0);
    expect(wide.every((c) => c.sourceRefs.broader === 'schools')).toBe(true);
  });

  it('returns nothing for an industry without OSM tags', async () => {
    const osm = await osmWith((req, res) => sendJson(res, 200, vendor(req.path)));
    expect(await osm.search(buffaloQuery({ industry: 'beekeeping' }), {})).toEqual([]);
    expect(server!.requests).toHaveLength(0);
  });

  it('retries a 429 after its Retry-After, then answers', async () => {
    let n = 0;
    const osm = await osmWith((req, res) =>
      ++n === 1 ? sendJson(res, 429, 'rate_limited', { 'retry-after': '0.2' }) : sendJson(res, 200, vendor(req.path)),
    );
    expect(await osm.search(buffaloQuery(), {})).toHaveLength(2);
    expect(server!.requests[1]!.at - server!.requests[0]!.at).toBeGreaterThanOrEqual(190);
  });

  it('turns an Overpass runtime error, malformed JSON and a 504 into typed failures', async () => {
    let mode = 'remark';
    const osm = await osmWith((_req, res) => {
      if (mode === 'remark')
        return sendJson(res, 200, {
          ...OVERPASS_ANSWER,
          elements: [],
          remark: 'runtime error: Query timed out in "query" at line 3 after 26 seconds.',
        });
      if (mode === 'malformed') return sendJson(res, 200, '{"elements": [');
      return sendJson(res, 504, '<html>Gateway Timeout</html>');
    });
    const errorOf = () => osm.search(buffaloQuery(), {}).catch((e: unknown) => e);
    expect(isAppError(await errorOf(), 'timeout')).toBe(true);
    mode = 'malformed';
    const malformed = await errorOf();
    expect(isAppError(malformed, 'provider_failed') && (malformed as Error).message).toBe(
      'overpass answered malformed JSON (200)',
    );
    mode = '504';
    expect(isAppError(await errorOf(), 'provider_failed')).toBe(true);
    expect(server!.requests.length).toBe(1 + 1 + 3);
  });
});
