import { describe, expect, it } from 'vitest';
import { createCompanyRepo } from '../../../src/db/repos/company-repo.js';
import { createProviderStateRepo } from '../../../src/db/repos/provider-state-repo.js';
import { createRunRepo } from '../../../src/db/repos/run-repo.js';
import { AppError, isAppError } from '../../../src/errors.js';
import { createProviderGuard } from '../../../src/pipeline/guard/provider-guard.js';
import { createRunRecorder } from '../../../src/pipeline/runs/recorder.js';
import type { CompanySource } from '../../../src/pipeline/scout/ports.js';
import { createReenricher, resolveSearchLocation } from '../../../src/pipeline/scout/sources.js';
import { fixedClock, memoryDb } from '../../helpers/db.js';
import { sampleCompany } from '../../helpers/fixtures.js';
import { fakeSource } from '../../helpers/scout.js';

const errorOf = async (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('resolveSearchLocation', () => {
  it('uses the sources that know the place; sources without a geocoder need a city and state or a state', async () => {
    const sandbox = fakeSource('sandbox', [], { resolves: true });
    const serper = fakeSource('serper', []);
    const r = await resolveSearchLocation('Buffalo, NY', [sandbox, serper]);
    expect(r.location).toMatchObject({ city: 'Buffalo', state: 'NY' });
    expect(r.sources.map((s) => s.name)).toEqual(['sandbox', 'serper']);
    const cityOnly = await resolveSearchLocation('Buffalo', [sandbox, serper]);
    expect(cityOnly.sources.map((s) => s.name)).toEqual(['sandbox']);
  });

  it('rejects a place no source can search, naming who does not know it and what is accepted', async () => {
    const sandbox = fakeSource('sandbox', [], { resolves: false });
    const err = await errorOf(resolveSearchLocation('Atlantis', [sandbox, fakeSource('apollo', [])]));
    expect(isAppError(err, 'invalid_input')).toBe(true);
    expect((err as Error).message).toBe(
      'No source can search "Atlantis" (Sandbox, Apollo do not know it). Give a US city and state like "Buffalo, NY", or a state like "TX".',
    );
    expect(isAppError(await errorOf(resolveSearchLocation('', [fakeSource('serper', [])])), 'invalid_input')).toBe(
      true,
    );
  });

  it('keeps a source whose geocoder failed out of the search, and says so when none is left', async () => {
    const osm: CompanySource = {
      ...fakeSource('osm', []),
      resolveLocation: () => Promise.reject(new AppError('forbidden', 'nominatim: 403 blocked')),
    };
    const ok = await resolveSearchLocation('Buffalo, NY', [osm, fakeSource('serper', [])]);
    expect(ok.sources.map((s) => s.name)).toEqual(['serper']);
    expect(ok.failed.map((f) => f.source)).toEqual(['osm']);
    const err = await errorOf(resolveSearchLocation('Buffalo, NY', [osm]));
    expect(isAppError(err, 'provider_failed')).toBe(true);
    expect((err as Error).message).toContain('OpenStreetMap: nominatim: 403 blocked');
  });
});

describe('createReenricher', () => {
  it('asks sources that can look up, in order, for the missing facts only, through the guard', async () => {
    const handle = memoryDb();
    const now = fixedClock();
    const companies = createCompanyRepo(handle.db);
    const run = await createRunRecorder({ runs: createRunRepo(handle.db), now }).start({
      kind: 'search',
      trigger: 'test',
    });
    const guard = createProviderGuard({ state: createProviderStateRepo(handle.db), scope: run.id, now });
    const taken = await companies.insert(
      sampleCompany({ domain: 'taken.example', name: 'Taken', normalizedName: 'taken' }),
      now(),
    );
    const company = await companies.insert(
      sampleCompany({ domain: null, website: null, employeeCount: null, siteCount: null, phone: null }),
      now(),
    );
    const calls: string[] = [];
    const apollo: CompanySource = {
      ...fakeSource('apollo', []),
      lookup: async () => {
        calls.push('apollo');
        throw new AppError('forbidden', 'apollo: 403 no access', { details: { status: 403 } });
      },
    };
    const sandbox: CompanySource = {
      ...fakeSource('sandbox', []),
      lookup: async () => {
        calls.push('sandbox');
        return { employeeCount: 90, siteCount: 2, buildingSqft: 1, website: 'https://taken.example' };
      },
    };
    const reenrich = createReenricher([apollo, sandbox], guard, run, { companies });
    expect(await reenrich(company, ['employee_count'])).toEqual({ employeeCount: 90, siteCount: 2 });
    await reenrich(company, ['employee_count']);
    expect(calls).toEqual(['apollo', 'sandbox', 'sandbox']);
    expect(await guard.summary()).toBe('Apollo skipped: 403 no access');
    expect(taken.id).toBeGreaterThan(0);

    const paid: CompanySource = {
      ...fakeSource('serper', []),
      lookupFields: ['website', 'domain'],
      lookup: async () => {
        calls.push('serper');
        return { website: 'https://lakeview.example' };
      },
    };
    const withPaid = createReenricher([paid], guard, run, { companies });
    expect(await withPaid(company, ['employee_count', 'building_sqft'])).toBeUndefined();
    expect(await withPaid(company, ['website'])).toEqual({
      website: 'https://lakeview.example',
      domain: 'lakeview.example',
    });
    expect(calls.filter((c) => c === 'serper')).toHaveLength(1);
  });
});
