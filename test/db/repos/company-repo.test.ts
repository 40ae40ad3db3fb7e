import { afterEach, describe, expect, it } from 'vitest';
import { splitLocation } from '../../../src/db/repos/company-repo.js';
import type { Storage } from '../../../src/db/storage.js';
import { openTestStorage } from '../../helpers/db.js';
import { insertPendingLead, sampleCompany } from '../../helpers/fixtures.js';

let storage: Storage | undefined;
afterEach(async () => {
  await storage?.close();
  storage = undefined;
});

describe('company repo', () => {
  it('lists leads with scores, best first, filtered by status, industry and location', async () => {
    storage = await openTestStorage();
    const repo = storage.repos.companies;
    await insertPendingLead(repo, {}, 55);
    await insertPendingLead(
      repo,
      { name: 'Harbor Dental', normalizedName: 'harbor dental', domain: 'harbordental.example' },
      81,
    );
    await insertPendingLead(
      repo,
      {
        name: 'Austin Law',
        normalizedName: 'austin law',
        domain: 'austinlaw.example',
        industry: 'legal',
        city: 'Austin',
        state: 'TX',
      },
      90,
    );
    const buffalo = await repo.listLeads({ status: ['pending'], location: 'Buffalo, NY' });
    expect(buffalo.map((l) => [l.company.name, l.score?.score])).toEqual([
      ['Harbor Dental', 81],
      ['Lakeview Family Health', 55],
    ]);
    expect(await repo.listLeads({ industry: 'Legal' })).toHaveLength(1);
    expect(await repo.listLeads({ location: 'TX' })).toHaveLength(1);
    expect(await repo.listLeads({ status: ['approved'] })).toHaveLength(0);
    expect(await repo.countByStatus()).toMatchObject({ pending: 3, approved: 0 });
    expect((await repo.searchByName('harbor'))[0]!.name).toBe('Harbor Dental');
    expect((await repo.findByDomain('HARBORDENTAL.example'))?.name).toBe('Harbor Dental');
  });

  it('keeps features and a single score per company', async () => {
    storage = await openTestStorage();
    const repo = storage.repos.companies;
    const c = await repo.insert(sampleCompany(), new Date());
    const features = {
      companyId: c.id,
      annualSpendEstimate: 100_000,
      savingsLow: 10_000,
      savingsMid: 13_500,
      savingsHigh: 17_000,
      deregulated: true,
      energyIntensity: 1,
      stateRate: 0.2,
      dataGaps: ['employee_count'],
      reenrichAttempts: 0,
    };
    await repo.upsertFeatures(features, new Date());
    await repo.upsertFeatures({ ...features, reenrichAttempts: 1 }, new Date());
    expect(await repo.getFeatures(c.id)).toEqual({ ...features, reenrichAttempts: 1 });
  });

  it('splits locations', () => {
    expect(splitLocation('Buffalo, NY')).toEqual({ city: 'Buffalo', state: 'NY' });
    expect(splitLocation('NY')).toEqual({ state: 'NY' });
    expect(splitLocation('Rochester')).toEqual({ city: 'Rochester' });
  });
});
