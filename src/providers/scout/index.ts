import type { Config, Vendor } from '../../config.js';
import type { DirectiveStore } from '../../pipeline/directives/store.js';
import { loadOsmTags } from '../../pipeline/scout/directive.js';
import type { CompanySource } from '../../pipeline/scout/ports.js';
import { createHttpClient, type HttpClientOptions, USER_AGENT } from '../http/client.js';
import { createApolloSource } from './apollo.js';
import { createOsmSource } from './osm.js';
import { createSandboxSource, type SandboxDirectory } from './sandbox.js';
import { createSerperSource } from './serper.js';

export interface ScoutSourceOptions {
  /** Overrides for every HTTP client (tests shorten timeouts and backoff). */
  http?: Partial<Omit<HttpClientOptions, 'vendor' | 'baseUrl' | 'rateLimit'>>;
  loadSandbox?: () => SandboxDirectory;
}

/** Builds the Scout sources named in `SCOUT_SOURCES`, in that order, each with its vendor's URL and rate limit. */
export function createScoutSources(
  config: Config,
  directives: DirectiveStore,
  options: ScoutSourceOptions = {},
): CompanySource[] {
  const contact = config.providers.osmContactEmail?.match(/[^\s<>]+@[^\s<>]+/)?.[0];
  const client = (vendor: Vendor, extra: Partial<HttpClientOptions> = {}) =>
    createHttpClient({ vendor, ...config.providers.vendors[vendor], ...extra, ...options.http });
  const osmAgent = contact ? { userAgent: `${USER_AGENT} contact: ${contact}` } : {};
  return config.pipeline.scoutSources.map((name): CompanySource => {
    switch (name) {
      case 'sandbox':
        return createSandboxSource(options.loadSandbox);
      case 'osm':
        return createOsmSource({
          nominatim: client('nominatim', osmAgent),
          overpass: client('overpass', { ...osmAgent, timeoutMs: 40_000 }),
          tags: () => loadOsmTags(directives),
          contactEmail: contact,
        });
      case 'serper':
        return createSerperSource({ http: client('serper'), apiKey: config.providers.keys.serper });
      default: // 'apollo'
        return createApolloSource({ http: client('apollo'), apiKey: config.providers.keys.apollo });
    }
  });
}
