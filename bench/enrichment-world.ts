/**
 * The enrichment benchmarks' world: stand-in vendors in a child process (bench/enrichment-vendors.ts) and approved
 * companies on their `.example` domains.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createCompanyRepo } from '../src/db/repos/company-repo.js';

/** Starts the stand-in vendors in a child process; `report()` returns each one's request arrival times. */
export async function startVendors(latencyMs: number) {
  const child = fork(fileURLToPath(new URL('./enrichment-vendors.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, LATENCY_MS: String(latencyMs) },
  });
  const next = <T>(type: string) =>
    new Promise<T>((resolve) => {
      const listener = (m: { type: string } & T) => {
        if (m.type !== type) return;
        child.off('message', listener);
        resolve(m);
      };
      child.on('message', listener);
    });
  const { urls } = await next<{ urls: Record<string, string> }>('ready');
  return {
    urls,
    async report() {
      const done = next<{ arrivals: Record<string, number[]>; transit: number[] }>('report');
      child.send({ type: 'report' });
      return await done;
    },
  };
}

/** Adds the send time, so the stand-ins can measure how long requests take to reach them. */
export const stampedFetch: typeof fetch = (input, init) =>
  fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-sent': String(Date.now()) } });

/** Sends one approved company per index, on the stand-in's `.example` domains. */
export async function seed(db: Parameters<typeof createCompanyRepo>[0], count: number) {
  const companies = createCompanyRepo(db);
  for (let i = 0; i < count; i++) {
    const c = await companies.insert(
      {
        name: `Bench Co ${i}`,
        normalizedName: `bench co ${i}`,
        domain: `benchco${i}.example`,
        website: null,
        industry: 'healthcare',
        address: null,
        city: 'Buffalo',
        state: 'NY',
        postalCode: null,
        country: 'US',
        phone: null,
        employeeCount: null,
        siteCount: null,
        buildingSqft: null,
        latitude: null,
        longitude: null,
        sources: ['bench'],
        sourceRefs: {},
        foundByRunId: null,
      },
      new Date(),
    );
    await companies.setStatus(c.id, 'approved', new Date());
  }
  return companies;
}
