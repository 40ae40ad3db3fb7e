import { afterEach, describe, expect, it } from 'vitest';
import type { Storage } from '../../../src/db/storage.js';
import type { ScoredCompany } from '../../../src/pipeline/import/ports.js';
import { createRunRecorder } from '../../../src/pipeline/runs/recorder.js';
import { fixedClock, openTestStorage } from '../../helpers/db.js';

let storage: Storage | undefined;
afterEach(async () => {
  await storage?.close();
  storage = undefined;
});

async function importRun(s: Storage): Promise<string> {
  const recorder = createRunRecorder({ runs: s.repos.runs, now: fixedClock() });
  return (await recorder.start({ kind: 'import', trigger: 'cli', input: { file: 'f.csv' } })).id;
}

const scored = (runId: string, name: string, domain: string | null, tier: 'high' | 'low' = 'high'): ScoredCompany => ({
  company: {
    name,
    normalizedName: name.toLowerCase(),
    domain,
    website: domain ? `https://${domain}` : null,
    industry: 'healthcare',
    address: null,
    city: 'Buffalo',
    state: 'NY',
    postalCode: null,
    country: 'US',
    phone: null,
    employeeCount: 40,
    siteCount: null,
    buildingSqft: null,
    latitude: null,
    longitude: null,
    sources: ['csv'],
    sourceRefs: { csv: `f.csv:${name}` },
    status: 'pending',
    foundByRunId: runId,
  },
  features: {
    annualSpendEstimate: 1000,
    savingsLow: 10,
    savingsMid: 20,
    savingsHigh: 30,
    deregulated: true,
    energyIntensity: 1.2,
    stateRate: 0.2,
    dataGaps: ['buildingSqft'],
    reenrichAttempts: 0,
  },
  score: {
    runId,
    profile: 'default',
    score: tier === 'high' ? 82 : 31,
    tier,
    breakdown: { size: 10 },
    scoreReason: `${name} looks like a fit`,
    reasonSource: 'template',
  },
});

describe('import repo', () => {
  it('keeps the file in pieces, byte for byte, until it is dropped', async () => {
    storage = await openTestStorage();
    const { imports } = storage.repos;
    const runId = await importRun(storage);
    // Half of a multi-byte character at the end of a piece, and a NUL: pieces are bytes, not text.
    const bytes = Buffer.from('name,industry\nCafé,retail\n\u0000', 'utf8');
    await imports.putChunk(runId, 0, bytes.subarray(0, 18));
    await imports.putChunk(runId, 1, bytes.subarray(18));
    expect(Buffer.concat([(await imports.chunk(runId, 0))!, (await imports.chunk(runId, 1))!])).toEqual(bytes);
    expect(await imports.chunk(runId, 2)).toBeUndefined();
    await imports.dropFile(runId);
    expect(await imports.chunk(runId, 0)).toBeUndefined();
  });

  it('keeps the per-row report in line order', async () => {
    storage = await openTestStorage();
    const { imports } = storage.repos;
    const runId = await importRun(storage);
    await imports.addIssues(runId, [
      { kind: 'duplicate', line: 9, name: 'Acme', existingId: 4 },
      { kind: 'bad', line: 3, problem: 'name is empty', accepted: 'a company name' },
    ]);
    await imports.addIssues(runId, [{ kind: 'duplicate', line: 5, name: 'Acme West' }]);
    expect(await imports.issues(runId)).toEqual([
      { kind: 'bad', line: 3, problem: 'name is empty', accepted: 'a company name' },
      { kind: 'duplicate', line: 5, name: 'Acme West' },
      { kind: 'duplicate', line: 9, name: 'Acme', existingId: 4 },
    ]);
    expect(await imports.issues('run_other')).toEqual([]);
  });

  it('stores scored companies with features and scores, skipping a domain already stored, and finds them again', async () => {
    storage = await openTestStorage();
    const { imports, companies } = storage.repos;
    const runId = await importRun(storage);
    const at = new Date('2026-12-07T10:00:00Z');
    const [first] = await imports.storeScored([scored(runId, 'Harbor Clinic', 'harbor.example')], at);
    const ids = await imports.storeScored(
      [
        scored(runId, 'Lakeview Health', 'lakeview.example', 'low'),
        scored(runId, 'Harbor Clinic Again', 'harbor.example'),
        scored(runId, 'No Site Dental', null),
      ],
      at,
    );
    expect(ids[0]).toEqual(expect.any(Number));
    expect(ids[1]).toBeUndefined();
    expect(ids[2]).toEqual(expect.any(Number));
    const leads = await companies.listLeads({ runId, limit: 10 });
    expect(leads.map((l) => [l.company.name, l.company.status, l.score?.tier, l.features?.dataGaps]).sort()).toEqual([
      ['Harbor Clinic', 'pending', 'high', ['buildingSqft']],
      ['Lakeview Health', 'pending', 'low', ['buildingSqft']],
      ['No Site Dental', 'pending', 'high', ['buildingSqft']],
    ]);
    expect((await companies.get(first!))?.createdAt).toEqual(at);
    const known = await imports.findKnown({ domains: ['lakeview.example'], names: ['no site dental'] });
    expect(known.map((k) => k.name).sort()).toEqual(['Lakeview Health', 'No Site Dental']);
    expect(await imports.findKnown({ domains: [], names: [] })).toEqual([]);
  });
});
