/**
 * Analyst figures: scoring one company (pure), and the whole stage over 10 and 100 companies on a real SQLite
 * file (WAL, synchronous=FULL) without an LLM (template reasons).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openMigratedDatabase } from '../src/db/client.js';
import { createCompanyRepo } from '../src/db/repos/company-repo.js';
import { createRunRepo } from '../src/db/repos/run-repo.js';
import { analyzeCompanies } from '../src/pipeline/analyst/analyze.js';
import { loadIcpProfile } from '../src/pipeline/analyst/profile.js';
import { scoreCompany } from '../src/pipeline/analyst/score.js';
import { createDirectiveStore } from '../src/pipeline/directives/store.js';
import { createNoLlm } from '../src/pipeline/llm/none.js';
import { createRunRecorder } from '../src/pipeline/runs/recorder.js';
import type { BenchResult } from './run.js';
import { median, percentile, timeRuns } from './stats.js';

const INDUSTRIES = ['healthcare', 'dental', 'hotels', 'logistics', 'retail', 'restaurants', 'crypto mining'];
const STATES = ['NY', 'TX', 'FL', 'CA', null];

const companyAt = (i: number) => ({
  name: `Bench Company ${i}`,
  normalizedName: `bench company ${i}`,
  domain: i % 5 === 0 ? null : `bench${i}.example`,
  website: null,
  industry: INDUSTRIES[i % INDUSTRIES.length]!,
  address: null,
  city: 'Buffalo',
  state: STATES[i % STATES.length]!,
  postalCode: null,
  country: 'US',
  phone: null,
  employeeCount: i % 3 === 0 ? null : 20 + i,
  siteCount: i % 4 === 0 ? null : 1 + (i % 7),
  buildingSqft: i % 6 === 0 ? null : 5_000 + i * 300,
  latitude: null,
  longitude: null,
  sources: ['bench'],
  sourceRefs: {},
  foundByRunId: null,
});

export async function run(): Promise<BenchResult> {
  const directives = createDirectiveStore(resolve('directives'));
  const profile = loadIcpProfile(directives);
  const inputs = Array.from({ length: 1000 }, (_, i) => companyAt(i));
  const pure = await timeRuns(5, () => {
    for (const c of inputs) scoreCompany(c, profile);
  });
  const perCompanyUs = (median(pure) / inputs.length) * 1000;

  const dir = mkdtempSync(join(tmpdir(), 'leadbot-bench-analyst-'));
  const stage: Record<string, number[]> = {};
  try {
    for (const [label, count, useTx] of [
      ['10', 10, false],
      ['100', 100, false],
      ['100+tx', 100, true],
    ] as const) {
      stage[label] = [];
      for (let round = 0; round < 5; round++) {
        const db = openMigratedDatabase(join(dir, `analyst-${label}-${round}.db`));
        try {
          const companies = createCompanyRepo(db.db);
          const ids: number[] = [];
          for (let i = 0; i < count; i++) ids.push((await companies.insert(companyAt(i), new Date())).id);
          const recorder = createRunRecorder({ runs: createRunRepo(db.db), now: () => new Date() });
          const handle = await recorder.start({ kind: 'bench', trigger: 'test' });
          const tx = <T>(fn: () => Promise<T>): Promise<T> => db.session.transaction(fn);
          const deps = { companies, directives, llm: createNoLlm(), now: () => new Date(), ...(useTx ? { tx } : {}) };
          const [ms] = await timeRuns(1, () => analyzeCompanies({ companyIds: ids, run: handle }, deps));
          stage[label]!.push(ms!);
        } finally {
          db.close();
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  return {
    lines: [
      `scoreCompany: ${perCompanyUs.toFixed(1)} µs per company (median of 5 × 1000)`,
      `analyzeCompanies, 10 companies, file DB, no LLM: median ${ms(median(stage[10]!))}, p90 ${ms(percentile(stage[10]!, 90))}`,
      `analyzeCompanies, 100 companies, file DB, no LLM: median ${ms(median(stage[100]!))}, p90 ${ms(percentile(stage[100]!, 90))}`,
      `analyzeCompanies, 100 companies, file DB, no LLM, with tx: median ${ms(median(stage['100+tx']!))}, p90 ${ms(percentile(stage['100+tx']!, 90))}`,
    ],
    data: { scoreCompanyMicros: perCompanyUs, stageMs: stage },
  };
}
