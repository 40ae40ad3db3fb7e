/**
 * search-companies on the sandbox source: median wall time of one tracked Scout → Analyst run for count 10
 * (healthcare in Buffalo, NY) and count 100 (restaurants in TX), each on a fresh temporary database with freshly
 * built sources (so the sandbox directory is loaded inside the timed call, as in a CLI invocation).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { buildContainer } from '../src/container/index.js';
import { createLogger } from '../src/logger.js';
import type { BenchResult } from './run.js';
import { median, percentile } from './stats.js';

const ITERATIONS = 5;
const CASES = [
  { count: 10, industry: 'healthcare', location: 'Buffalo, NY' },
  { count: 100, industry: 'restaurants', location: 'TX' },
];

export async function run(): Promise<BenchResult> {
  const config = loadConfig({ LLM_PROVIDER: 'none', LOG_LEVEL: 'silent', SCOUT_SOURCES: 'sandbox' });
  const logger = createLogger({ level: 'silent' });
  const lines: string[] = [];
  const data: Record<string, unknown> = { iterations: ITERATIONS, source: 'sandbox', llm: 'none' };
  for (const c of CASES) {
    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'leadbot-bench-'));
      const app = await buildContainer(config, logger, { databasePath: join(dir, 'leadbot.db') });
      try {
        const started = performance.now();
        const result = await app.searchCompanies({ ...c, trigger: 'cli' });
        times.push(performance.now() - started);
        found = result.leads.length;
      } finally {
        await app.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const key = `count${c.count}`;
    data[key] = {
      ...c,
      found,
      medianMs: Math.round(median(times)),
      p90Ms: Math.round(percentile(times, 90)),
      runsMs: times.map(Math.round),
    };
    lines.push(
      `count ${c.count} (${c.industry} in ${c.location}): median ${Math.round(median(times))} ms, ` +
        `p90 ${Math.round(percentile(times, 90))} ms over ${ITERATIONS} fresh databases; ${found} companies scored`,
    );
  }
  return { lines, data };
}
