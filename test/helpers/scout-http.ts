import { resolve } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createDirectiveStore } from '../../src/pipeline/directives/store.js';
import type { CompanySource, ScoutQuery } from '../../src/pipeline/scout/ports.js';
import { createScoutSources } from '../../src/providers/scout/index.js';

/** Fast retries and timeouts for contract tests against stand-ins. */
export const FAST_HTTP = { timeoutMs: 400, initialDelayMs: 10, maxDelayMs: 40, maxAttempts: 3 };

/** Scout sources built from env exactly as the app builds them, with vendor base URLs pointed at `url`. */
export function sourcesFor(url: string, env: Record<string, string>): CompanySource[] {
  const vendors = ['NOMINATIM', 'OVERPASS', 'SERPER', 'APOLLO'];
  const config = loadConfig({
    ...Object.fromEntries(
      vendors.flatMap((v) => [
        [`${v}_BASE_URL`, url],
        [`${v}_RATE_LIMIT`, '100/s'],
      ]),
    ),
    ...env,
  });
  return createScoutSources(config, createDirectiveStore(resolve('directives')), { http: FAST_HTTP });
}

export const buffaloQuery = (over: Partial<ScoutQuery> = {}): ScoutQuery => ({
  text: 'hospitals',
  industry: 'healthcare',
  location: {
    text: 'Buffalo, NY',
    city: 'Buffalo',
    state: 'NY',
    country: 'US',
    bbox: [42.826048, -78.919483, 42.96645, -78.795137],
  },
  limit: 20,
  page: 1,
  ...over,
});
