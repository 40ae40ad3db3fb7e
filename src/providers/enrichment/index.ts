import type { Config, Vendor } from '../../config.js';
import type { EnrichmentProvider, EnrichmentSet } from '../../pipeline/enrichment/ports.js';
import { endpointOf } from '../http/address.js';
import { createHttpClient, type HttpClient, type HttpClientOptions } from '../http/client.js';
import { createGuardedFetch } from '../http/guarded-fetch.js';
import { createUrlGuard, type Resolve } from '../http/url-guard.js';
import { createApolloProvider } from './apollo.js';
import { createHunterProvider } from './hunter.js';
import { createPermutationProvider } from './permutation.js';
import { createProspeoProvider } from './prospeo.js';
import { createSandboxProvider, createSandboxVerifier } from './sandbox.js';
import { createSerperProvider } from './serper.js';
import { createSnovProvider } from './snov.js';
import { createWebsiteProvider } from './website.js';
import { createZeroBounceVerifier } from './zerobounce.js';

export interface EnrichmentSetOptions {
  /** Per-request timeout for vendor APIs (the website crawler always uses 10 s). Default 10 s. */
  timeoutMs?: number;
  /** Retry pacing, for tests and benchmarks. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Waits between Snov.io polls and robots.txt crawl delays. */
  sleep?: (ms: number) => Promise<void>;
  pollIntervalMs?: number;
  /** For vendor stand-ins; the website crawler always uses its guarded fetch. */
  fetch?: typeof fetch;
  /** The website crawler's DNS (tests map names to their stand-ins). */
  resolve?: Resolve;
  /** Exact `host:port` endpoints the crawler may reach although private (tests); WEBSITE_BASE_URL's is added. */
  allowEndpoints?: string[];
  /** Sees every vendor request attempt (process metrics). */
  observe?: HttpClientOptions['observe'];
}

const KEYED = ['hunter', 'apollo', 'serper', 'snov', 'prospeo'] as const;
const KEY_NAMES: Record<(typeof KEYED)[number], string> = {
  hunter: 'HUNTER_API_KEY',
  apollo: 'APOLLO_API_KEY',
  serper: 'SERPER_API_KEY',
  snov: 'SNOV_CLIENT_ID and SNOV_CLIENT_SECRET',
  prospeo: 'PROSPEO_API_KEY',
};

/** True when no enrichment vendor key is set: the sandbox stands in for the keyed providers. */
export function isEnrichmentSandbox(config: Config): boolean {
  const k = config.providers.keys;
  return !k.hunter && !k.apollo && !k.serper && !k.snov && !k.prospeo && !k.zerobounce;
}

/** The crawler of company websites: one URL guard vets its targets and pins its connections. */
function websiteProvider(
  config: Config,
  options: EnrichmentSetOptions,
  client: (vendor: Vendor, extra?: Partial<HttpClientOptions>) => HttpClient,
) {
  const baseUrl = config.providers.vendors.website.baseUrl;
  const guard = createUrlGuard({
    resolve: options.resolve,
    allow: [...(baseUrl ? [endpointOf(baseUrl)] : []), ...(options.allowEndpoints ?? [])],
  });
  const http = client('website', { timeoutMs: 10_000, maxAttempts: 2, fetch: createGuardedFetch(guard) });
  return createWebsiteProvider({ http, baseUrl, sleep: options.sleep, guard });
}

/**
 * Builds the enrichment providers from the configuration: ENRICHMENT_ORDER, each keyed provider enabled by its key,
 * one HTTP client per vendor (so its rate limit holds across concurrent companies and runs), ZeroBounce verifying
 * when its key is set. With no enrichment key at all, `sandbox` replaces the keyed providers and the sandbox
 * verifier answers for `.example` addresses.
 */
export function createEnrichmentSet(config: Config, options: EnrichmentSetOptions = {}): EnrichmentSet {
  const clients = new Map<Vendor, HttpClient>();
  const client = (vendor: Vendor, extra: Partial<HttpClientOptions> = {}) => {
    let c = clients.get(vendor);
    if (!c) {
      const v = config.providers.vendors[vendor];
      c = createHttpClient({
        vendor,
        baseUrl: v.baseUrl,
        rateLimit: v.rateLimit,
        timeoutMs: options.timeoutMs ?? 10_000,
        initialDelayMs: options.initialDelayMs,
        maxDelayMs: options.maxDelayMs,
        fetch: options.fetch,
        observe: options.observe,
        ...extra,
      });
      clients.set(vendor, c);
    }
    return c;
  };
  const keys = config.providers.keys;
  const sandbox = isEnrichmentSandbox(config);
  const providers: EnrichmentProvider[] = [];
  const disabled: EnrichmentSet['disabled'] = [];
  const add = (p: EnrichmentProvider) => {
    if (!providers.some((x) => x.name === p.name)) providers.push(p);
  };
  for (const name of config.pipeline.enrichmentOrder) {
    if (name === 'sandbox') add(createSandboxProvider());
    else if (name === 'permutation') add(createPermutationProvider());
    else if (name === 'website') add(websiteProvider(config, options, client));
    else if (sandbox) add(createSandboxProvider());
    else if (name === 'hunter' && keys.hunter)
      add(createHunterProvider({ http: client('hunter'), apiKey: keys.hunter }));
    else if (name === 'apollo' && keys.apollo)
      add(createApolloProvider({ http: client('apollo'), apiKey: keys.apollo }));
    else if (name === 'serper' && keys.serper)
      add(createSerperProvider({ http: client('serper'), apiKey: keys.serper }));
    else if (name === 'prospeo' && keys.prospeo)
      add(createProspeoProvider({ http: client('prospeo'), apiKey: keys.prospeo }));
    else if (name === 'snov' && keys.snov)
      add(
        createSnovProvider({
          http: client('snov'),
          ...keys.snov,
          sleep: options.sleep,
          pollIntervalMs: options.pollIntervalMs,
        }),
      );
    else disabled.push({ name, reason: `${KEY_NAMES[name as (typeof KEYED)[number]]} is not set` });
  }
  const verifier = keys.zerobounce
    ? createZeroBounceVerifier({ http: client('zerobounce'), apiKey: keys.zerobounce })
    : sandbox
      ? createSandboxVerifier()
      : undefined;
  return { mode: sandbox ? 'sandbox' : 'live', providers, verifier, disabled };
}
