import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { buildContainer, type Container } from '../../../src/container/index.js';
import { createLogger } from '../../../src/logger.js';
import { type Handler, type StandIn, sendJson, startStandIn } from '../../helpers/http-server.js';
import { FAST_HTTP } from '../../helpers/scout-http.js';

let server: StandIn | undefined;
let app: Container | undefined;
afterEach(async () => {
  await app?.close();
  await server?.close();
  server = app = undefined;
});

const NOMINATIM = [
  {
    addresstype: 'city',
    name: 'Buffalo',
    display_name: 'Buffalo, Erie County, New York, United States',
    address: { city: 'Buffalo', state: 'New York', 'ISO3166-2-lvl4': 'US-NY' },
    boundingbox: ['42.8260480', '42.9664500', '-78.9194830', '-78.7951370'],
  },
];

/** Every vendor on one stand-in; `answers` says how each misbehaves. */
async function appWith(answers: Partial<Record<'nominatim' | 'overpass' | 'serper' | 'apollo', Handler>>) {
  server = await startStandIn((req, res) => {
    const vendor =
      req.path === '/search'
        ? 'nominatim'
        : req.path === '/interpreter'
          ? 'overpass'
          : req.path === '/places'
            ? 'serper'
            : 'apollo';
    const handler = answers[vendor];
    if (handler) return handler(req, res);
    if (vendor === 'nominatim') return sendJson(res, 200, NOMINATIM);
    return sendJson(
      res,
      200,
      vendor === 'overpass' ? { elements: [] } : vendor === 'serper' ? { places: [] } : { organizations: [] },
    );
  });
  const env: Record<string, string> = {
    SCOUT_SOURCES: 'apollo,serper,osm,sandbox',
    SERPER_API_KEY: 'k',
    APOLLO_API_KEY: 'k',
    LLM_PROVIDER: 'none',
  };
  for (const v of ['NOMINATIM', 'OVERPASS', 'SERPER', 'APOLLO']) {
    env[`${v}_BASE_URL`] = server.url;
    env[`${v}_RATE_LIMIT`] = '100/s';
  }
  app = await buildContainer(loadConfig(env), createLogger({ level: 'silent' }), {
    databasePath: ':memory:',
    scout: { http: FAST_HTTP },
  });
  return app;
}

const search = (a: Container) =>
  a.searchCompanies({ industry: 'healthcare', location: 'Buffalo, NY', count: 10, trigger: 'test' });

describe('a search run when providers misbehave', () => {
  it('skips 403 and spent quotas for the rest of the run, finishes from the others and says why', async () => {
    const a = await appWith({
      apollo: (_req, res) => sendJson(res, 403, { error: 'not accessible with this api_key on a free plan' }),
      serper: (_req, res) => sendJson(res, 429, { message: 'Monthly quota exceeded' }),
      overpass: (_req, res) => sendJson(res, 500, { error: 'boom' }),
    });
    const result = await search(a);
    expect(result.leads).toHaveLength(10);
    expect(result.leads.every((l) => l.company.sources.includes('sandbox'))).toBe(true);
    expect(result.summary).toBe(
      '10 of 10 healthcare companies in Buffalo, NY found · Apollo skipped: 403 plan has no API access · ' +
        'Serper skipped: 429 Monthly quota exceeded · OpenStreetMap failed: 500 boom',
    );
    const hits = (path: string) => server!.requests.filter((r) => r.path.includes(path)).length;
    expect(hits('/mixed_companies')).toBe(1);
    expect(hits('/places')).toBe(1);
    const skips = (await a.repos.providerState.listSkips(result.runId)).map((s) => [s.provider, s.httpStatus]);
    expect(skips).toEqual([
      ['apollo', 403],
      ['serper', 429],
    ]);
    const run = (await a.repos.runs.get(result.runId))!;
    expect(run.status).toBe('awaiting_approval');
  });

  it('survives a timeout, malformed JSON and a Nominatim 403, still naming each', async () => {
    const a = await appWith({
      nominatim: (_req, res) => sendJson(res, 403, '<html>Access blocked</html>'),
      apollo: (_req, res) => void setTimeout(() => sendJson(res, 200, { organizations: [] }), 1500),
      serper: (_req, res) => sendJson(res, 200, '{"places": [ {'),
    });
    const result = await search(a);
    expect(result.leads).toHaveLength(10);
    expect(result.summary).toBe(
      '10 of 10 healthcare companies in Buffalo, NY found · OpenStreetMap skipped: 403 refused (see the OpenStreetMap usage policies; set OSM_CONTACT_EMAIL) · ' +
        'Apollo failed: did not answer within 400 ms · Serper failed: answered malformed JSON (200)',
    );
  });
});
