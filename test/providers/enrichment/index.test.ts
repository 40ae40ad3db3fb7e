import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createEnrichmentSet, isEnrichmentSandbox } from '../../../src/providers/enrichment/index.js';
import { type StandIn, sendJson, startStandIn } from '../../helpers/http-server.js';
import { sampleTarget } from '../../pipeline/enrichment/fixtures.js';

let server: StandIn | undefined;
afterEach(async () => server?.close());

describe('createEnrichmentSet', () => {
  it('with no enrichment key, the sandbox stands in for the keyed providers and verifies .example addresses', () => {
    const config = loadConfig({});
    expect(isEnrichmentSandbox(config)).toBe(true);
    const set = createEnrichmentSet(config);
    expect(set.mode).toBe('sandbox');
    expect(set.providers.map((p) => p.name)).toEqual(['sandbox', 'website', 'permutation']);
    expect(set.verifier?.name).toBe('sandbox-verifier');
    expect(set.disabled).toEqual([]);
  });

  it('in live mode enables each provider by its key, in ENRICHMENT_ORDER, and says why the others are off', () => {
    const set = createEnrichmentSet(
      loadConfig({
        HUNTER_API_KEY: 'h',
        SERPER_API_KEY: 's',
        ENRICHMENT_ORDER: 'serper,hunter,apollo,website,permutation',
      }),
    );
    expect(set.mode).toBe('live');
    expect(set.providers.map((p) => p.name)).toEqual(['serper', 'hunter', 'website', 'permutation']);
    expect(set.disabled).toEqual([{ name: 'apollo', reason: 'APOLLO_API_KEY is not set' }]);
    expect(set.verifier).toBeUndefined();
    expect(createEnrichmentSet(loadConfig({ ZEROBOUNCE_API_KEY: 'z' })).verifier?.name).toBe('zerobounce');
  });

  it('sends each vendor to its <VENDOR>_BASE_URL with its key', async () => {
    server = await startStandIn((_req, res) => sendJson(res, 200, { data: { emails: [] }, meta: {} }));
    const set = createEnrichmentSet(
      loadConfig({ HUNTER_API_KEY: 'secret-h', HUNTER_BASE_URL: server.url, ENRICHMENT_ORDER: 'hunter' }),
    );
    await set.providers[0]!.find(sampleTarget(), { known: [] });
    expect(server.requests[0]!.path).toBe('/v2/domain-search');
    expect(server.requests[0]!.query.get('api_key')).toBe('secret-h');
  });
});
