/**
 * What recording costs and metrics adds to the enrichment benchmark's work: the same 500 approved companies through
 * the same stand-in vendors (bench/enrichment-vendors.ts: Hunter, Apollo, Prospeo, ZeroBounce) as
 * bench/enrichment.bench.ts, run alternately without and with the cost and metrics recording (budgets reserved and
 * settled in the database, paid lookups recorded for reuse, prices from directives/costs.md, a Prometheus registry
 * observing every vendor request), each on a fresh in-memory database. To let leadbot's own work show, the vendors
 * answer after LATENCY_MS and their rate limits are lifted: with the real limits (10/s each) the run waits on the
 * throttle and any overhead disappears in it. Reported: the median over pairs of (with / without) wall time.
 */
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { loadConfig } from '../src/config.js';
import { openMigratedDatabase } from '../src/db/client.js';
import { createContactRepo } from '../src/db/repos/contact-repo.js';
import { createLookupRepo } from '../src/db/repos/lookup-repo.js';
import { createMetricsRepo } from '../src/db/repos/metrics-repo.js';
import { createProviderStateRepo } from '../src/db/repos/provider-state-repo.js';
import { createRunRepo } from '../src/db/repos/run-repo.js';
import { createSpendRepo } from '../src/db/repos/spend-repo.js';
import { createMetrics } from '../src/metrics/registry.js';
import { loadPriceBook } from '../src/pipeline/costs/prices.js';
import { createSpending } from '../src/pipeline/costs/spending.js';
import { createDirectiveStore } from '../src/pipeline/directives/store.js';
import { enrichCompanies } from '../src/pipeline/enrichment/enrich.js';
import { createTitlePolicy } from '../src/pipeline/enrichment/titles.js';
import { createRunRecorder } from '../src/pipeline/runs/recorder.js';
import { createEnrichmentSet } from '../src/providers/enrichment/index.js';
import { seed, startVendors } from './enrichment-world.js';
import type { BenchResult } from './run.js';
import { median, percentile } from './stats.js';

const COMPANIES = 500;
const LATENCY_MS = 5;
const PAIRS = Number(process.env.COST_BENCH_PAIRS ?? 9);

type Vendors = Awaited<ReturnType<typeof startVendors>>;

/** One enrichment of the 500 companies on a fresh database; returns the wall time of the run alone (ms). */
async function once(vendors: Vendors, metered: boolean): Promise<{ ms: number; spentUsd: number }> {
  const env: Record<string, string> = { ENRICHMENT_ORDER: 'hunter,apollo,prospeo' };
  for (const [name, url] of Object.entries(vendors.urls)) {
    env[`${name.toUpperCase()}_BASE_URL`] = url;
    env[`${name.toUpperCase()}_RATE_LIMIT`] = '100000/s';
    env[`${name.toUpperCase()}_API_KEY`] = 'bench-key';
  }
  const config = loadConfig(env);
  const handle = openMigratedDatabase(':memory:');
  const now = () => new Date();
  const companies = await seed(handle.db, COMPANIES);
  const spend = createSpendRepo(handle.db);
  const directives = createDirectiveStore(resolve('directives'));
  const spending = createSpending({
    spend,
    limits: { vendor: { dailyUsd: 10_000, runUsd: 10_000 }, model: { dailyUsd: null, runUsd: null } },
    timeZone: 'UTC',
    now,
  });
  const metrics = createMetrics({
    read: createMetricsRepo(handle.db),
    now,
    today: () => spending.today(),
    dailyLimits: { vendor: 10_000, model: null },
  });
  const started = performance.now();
  await enrichCompanies(
    { trigger: 'test', limit: COMPANIES },
    {
      companies,
      contacts: createContactRepo(handle.db),
      recorder: createRunRecorder({ runs: createRunRepo(handle.db), now }),
      providerState: createProviderStateRepo(handle.db),
      enrichment: createEnrichmentSet(config, metered ? { observe: (call) => metrics.observeVendor(call) } : {}),
      titles: createTitlePolicy(['CFO', 'VP Finance', 'Director of Facilities', 'VP Operations', 'Owner']),
      requireVerifiedGuesses: true,
      spend: metered
        ? {
            spending,
            prices: () => loadPriceBook(directives),
            lookups: createLookupRepo(handle.db),
            reuseDays: 90,
            now,
          }
        : undefined,
      now,
    },
  );
  if (metered) await metrics.scrape();
  const ms = performance.now() - started;
  const spentUsd = (await spend.entries({})).reduce((s, e) => s + (e.costUsd ?? 0), 0);
  handle.close();
  return { ms, spentUsd };
}

export async function run(): Promise<BenchResult> {
  const vendors = await startVendors(LATENCY_MS);
  const load = loadavg()[0]!;
  await once(vendors, false); // warm-up: JIT, the disposable-domain list, sockets
  await once(vendors, true);
  const ratios: number[] = [];
  const plain: number[] = [];
  const metered: number[] = [];
  let spentUsd = 0;
  for (let i = 0; i < PAIRS; i++) {
    // Alternate which goes first, so drift in the machine's load falls on both sides.
    const order = i % 2 === 0 ? [false, true] : [true, false];
    const times: Record<string, number> = {};
    for (const m of order) {
      const result = await once(vendors, m);
      times[String(m)] = result.ms;
      if (m) spentUsd = result.spentUsd;
    }
    plain.push(times.false!);
    metered.push(times.true!);
    ratios.push(times.true! / times.false!);
  }
  await vendors.report();
  const ratio = median(ratios);
  return {
    lines: [
      `${PAIRS} interleaved pairs of ${COMPANIES} companies (vendors answer in ${LATENCY_MS} ms, rate limits lifted)`,
      `without costs and metrics: median ${median(plain).toFixed(0)} ms; with: median ${median(metered).toFixed(0)} ms (recorded $${spentUsd.toFixed(2)} a run)`,
      `overhead: median ratio ${ratio.toFixed(4)} (${((ratio - 1) * 100).toFixed(2)}%; p25 ${percentile(ratios, 25).toFixed(4)}, p75 ${percentile(ratios, 75).toFixed(4)}) — goal under 2%`,
      `load average at start ${load.toFixed(1)} on ${availableParallelism()} cores`,
    ],
    data: {
      companies: COMPANIES,
      latencyMs: LATENCY_MS,
      pairs: PAIRS,
      plainMs: plain,
      meteredMs: metered,
      ratios,
      medianRatio: ratio,
      overheadPercent: (ratio - 1) * 100,
      spentUsdPerRun: spentUsd,
      loadAverage: load,
    },
  };
}
