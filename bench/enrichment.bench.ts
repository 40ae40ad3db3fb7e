/**
 * Enrichment throughput: 500 approved companies through stand-in vendors (Hunter, Apollo, Prospeo, ZeroBounce, in
 * bench/enrichment-vendors.ts) that answer as documented after 100 ms; each vendor's limit is set to 10 requests a
 * second (<VENDOR>_RATE_LIMIT=10/s), the real client and throttle are used. The stand-ins count requests that
 * arrive while more than 10 arrived in the trailing second (violations). The bound is what the rate limits allow
 * for the requests the run actually needed: companies / max over vendors of (requests / 10 per second).
 */
import { availableParallelism, loadavg } from 'node:os';
import { loadConfig } from '../src/config.js';
import { openMigratedDatabase } from '../src/db/client.js';
import { createContactRepo } from '../src/db/repos/contact-repo.js';
import { createProviderStateRepo } from '../src/db/repos/provider-state-repo.js';
import { createRunRepo } from '../src/db/repos/run-repo.js';
import { enrichCompanies } from '../src/pipeline/enrichment/enrich.js';
import { createTitlePolicy } from '../src/pipeline/enrichment/titles.js';
import { createRunRecorder } from '../src/pipeline/runs/recorder.js';
import { createEnrichmentSet } from '../src/providers/enrichment/index.js';
import { seed, stampedFetch, startVendors } from './enrichment-world.js';
import type { BenchResult } from './run.js';
import { percentile } from './stats.js';

const COMPANIES = 500;
const LATENCY_MS = 100;
const LIMIT_PER_SECOND = 10;

/** Requests that arrived while more than `limit` had arrived in the trailing second. */
function violations(times: number[], limit: number): number {
  const t = [...times].sort((a, b) => a - b);
  let count = 0;
  let start = 0;
  for (let i = 0; i < t.length; i++) {
    while (t[i]! - t[start]! >= 1000) start++;
    if (i - start + 1 > limit) count++;
  }
  return count;
}

export async function run(): Promise<BenchResult> {
  const vendors = await startVendors(LATENCY_MS);
  const env: Record<string, string> = { ENRICHMENT_ORDER: 'hunter,apollo,prospeo' };
  for (const [name, url] of Object.entries(vendors.urls)) {
    env[`${name.toUpperCase()}_BASE_URL`] = url;
    env[`${name.toUpperCase()}_RATE_LIMIT`] = `${LIMIT_PER_SECOND}/s`;
    env[`${name.toUpperCase()}_API_KEY`] = 'bench-key';
  }
  const config = loadConfig(env);
  const handle = openMigratedDatabase(':memory:');
  const now = () => new Date();
  const companies = await seed(handle.db, COMPANIES);
  const load = loadavg()[0]!;
  const started = performance.now();
  const outcome = await enrichCompanies(
    { trigger: 'test', limit: COMPANIES },
    {
      companies,
      contacts: createContactRepo(handle.db),
      recorder: createRunRecorder({ runs: createRunRepo(handle.db), now }),
      providerState: createProviderStateRepo(handle.db),
      enrichment: createEnrichmentSet(config, { fetch: stampedFetch }),
      titles: createTitlePolicy(['CFO', 'VP Finance', 'Director of Facilities', 'VP Operations', 'Owner']),
      requireVerifiedGuesses: true,
      now,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const { arrivals, transit } = await vendors.report();
  handle.close();
  const requests = Object.fromEntries(Object.entries(arrivals).map(([k, t]) => [k, t.length]));
  const over = Object.fromEntries(Object.entries(arrivals).map(([k, t]) => [k, violations(t, LIMIT_PER_SECOND)]));
  const boundSeconds = Math.max(...Object.values(requests).map((r) => r / LIMIT_PER_SECOND));
  const bound = COMPANIES / boundSeconds;
  const achieved = COMPANIES / seconds;
  const found = outcome.companies.filter((c) => c.outcome === 'found').length;
  const totalViolations = Object.values(over).reduce((a, b) => a + b, 0);
  const lateness = { p50: percentile(transit, 50), p99: percentile(transit, 99), max: Math.max(0, ...transit) };
  return {
    lines: [
      `${COMPANIES} companies in ${seconds.toFixed(1)} s: ${achieved.toFixed(2)} companies/s (${found} with a contact)`,
      `requests per vendor: ${Object.entries(requests)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
      `bound from the rate limits (${LIMIT_PER_SECOND}/s each, ${LATENCY_MS} ms latency): ${bound.toFixed(2)} companies/s`,
      `achieved ${((achieved / bound) * 100).toFixed(1)}% of the bound (goal ≥ 90%)`,
      `rate-limit violations seen by the stand-ins: ${totalViolations} (${Object.entries(over)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`,
      `send-to-arrival time: p50 ${lateness.p50} ms, p99 ${lateness.p99} ms, max ${lateness.max} ms; the client's window margin is ${Math.ceil(1000 * 0.02) + 5} ms (load average at start ${load.toFixed(1)} on ${availableParallelism()} cores)`,
    ],
    data: {
      companies: COMPANIES,
      seconds,
      achieved,
      bound,
      ratio: achieved / bound,
      requests,
      violations: over,
      found,
      transitMs: lateness,
      loadAverage: load,
    },
  };
}
