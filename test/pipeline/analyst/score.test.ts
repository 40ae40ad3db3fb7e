import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { icpProfileSchema, loadIcpProfile } from '../../../src/pipeline/analyst/profile.js';
import { bandPoints, scoreCompany, tierFor } from '../../../src/pipeline/analyst/score.js';
import { ALTERNATE_PROFILE, company, seedProfile, tempDirectives, unitProfile } from './helpers.js';

const points = (result: ReturnType<typeof scoreCompany>, id: string) =>
  result.breakdown.components.find((c) => c.id === id)!.points;

describe('scoreCompany with the seed profile', () => {
  it('estimates spend from sites × size × intensity × state rate and explains every point', () => {
    // NY: 22 kWh × $0.19 + 0.6 therms × $1.00 = $4.78 per sq ft per year; 40,000 sq ft → $191,200.
    const result = scoreCompany(company(), seedProfile());
    expect(result.estimate).toMatchObject({
      annualSpend: 191_200,
      savingsLow: 19_120,
      savingsMid: 25_812,
      savingsHigh: 32_504,
      deregulated: true,
      gaps: [],
    });
    const recomputed = result.estimate.energyIntensity * result.estimate.stateRate * 40_000;
    expect(Math.abs(recomputed - 191_200) / 191_200).toBeLessThan(0.0001);
    expect(result.breakdown.components).toEqual([
      expect.objectContaining({ id: 'recovery', raw: 25_812, points: 50, weight: 0.4, weighted: 20, assumed: false }),
      expect.objectContaining({ id: 'industry_fit', raw: 'core', points: 100, weighted: 25 }),
      expect.objectContaining({ id: 'multi_site', raw: 1, points: 10, weighted: 2 }),
      expect.objectContaining({ id: 'data_quality', raw: 100, points: 100, weighted: 15 }),
    ]);
    expect(result.score).toBe(62);
    expect(result.tier).toBe('medium');
    expect(result.breakdown.figures).toMatchObject({
      score: '62',
      annualSpend: '$191k',
      savingsMid: '$26k',
      savingsPctMid: '13.5%',
      sites: '1',
    });
    expect(result.breakdown.unknown).toEqual([]);
    expect(result.breakdown.assumed).toEqual([]);
  });

  it('gives the same result for the same input', () => {
    const p = seedProfile();
    const input = company({ siteCount: null, state: 'Texas', industry: 'Hotels' });
    const a = scoreCompany(input, p);
    expect(scoreCompany({ ...input }, p)).toEqual(a);
    expect(JSON.parse(JSON.stringify(a.breakdown))).toEqual(a.breakdown);
  });

  it('rounds the weighted sum the same way at .5', () => {
    // recovery 70 × 0.4 + fit 100 × 0.25 + sites 10 × 0.2 + data quality 70 × 0.15 = 65.5
    const result = scoreCompany(company({ buildingSqft: 100_000, employeeCount: null }), seedProfile());
    expect(result.breakdown.components.map((c) => c.weighted)).toEqual([28, 25, 2, 10.5]);
    expect(result.score).toBe(66);
  });

  // Unit tables ($1/sq ft, savings mid 50%) put savings exactly where the test wants them.
  const recoveryProfile = unitProfile({ savings: { low: 0.4, mid: 0.5, high: 0.6 } });
  it.each([
    [1, 0],
    [2_499, 0],
    [2_500, 10],
    [9_999, 10],
    [10_000, 30],
    [24_999, 30],
    [25_000, 50],
    [49_999, 50],
    [50_000, 70],
    [99_999, 70],
    [100_000, 85],
    [199_999, 85],
    [200_000, 100],
  ])('recovery: $%i mid savings → %i points', (savings, expected) => {
    const result = scoreCompany(company({ buildingSqft: savings * 2 }), recoveryProfile);
    expect(result.estimate.savingsMid).toBe(savings);
    expect(points(result, 'recovery')).toBe(expected);
  });

  it.each([
    [1, 10],
    [2, 40],
    [3, 60],
    [4, 60],
    [5, 80],
    [9, 80],
    [10, 100],
    [40, 100],
  ])('multi-site: %i sites → %i points', (sites, expected) => {
    expect(points(scoreCompany(company({ siteCount: sites }), seedProfile()), 'multi_site')).toBe(expected);
  });

  it.each([
    ['healthcare', 'core', 100],
    ['education', 'strong', 75],
    ['Retail', 'moderate', 50],
    ['dental', 'weak', 20],
    ['crypto mining', 'unlisted', 0],
  ])('industry fit: %s is %s → %i points', (industry, fit, expected) => {
    const result = scoreCompany(company({ industry }), seedProfile());
    expect(result.breakdown.components[1]).toMatchObject({ raw: fit, points: expected });
  });

  it.each([
    [100, 100, {}],
    [80, 70, { employeeCount: null }],
    [60, 40, { employeeCount: null, website: null, domain: null }],
    [40, 20, { employeeCount: null, website: null, domain: null, siteCount: null }],
    [20, 0, { employeeCount: null, website: null, domain: null, siteCount: null, buildingSqft: null }],
  ])('data quality: %i percent known → %i points', (percent, expected, missing) => {
    const result = scoreCompany(company(missing), seedProfile());
    expect(result.breakdown.dataQuality).toBe(percent);
    expect(points(result, 'data_quality')).toBe(expected);
  });

  it('puts data-quality band edges exactly at their minimum', () => {
    const bands = seedProfile().components.data_quality!.bands!;
    expect([39.9, 40, 59.9, 60, 79.9, 80, 99.9, 100].map((v) => bandPoints(bands, v))).toEqual([
      0, 20, 20, 40, 40, 70, 70, 100,
    ]);
  });

  it('assumes one site and the typical building size when unknown, lists the gaps and lowers data quality', () => {
    const p = seedProfile();
    const known = scoreCompany(company({ siteCount: 1, buildingSqft: 30_000 }), p);
    const unknown = scoreCompany(company({ siteCount: null, buildingSqft: null, employeeCount: null }), p);
    expect(unknown.estimate.annualSpend).toBe(known.estimate.annualSpend);
    expect(unknown.breakdown.unknown).toEqual(['employee_count', 'site_count', 'building_sqft']);
    expect(unknown.breakdown.assumed).toEqual([
      { field: 'site_count', value: 1, reason: 'site count unknown' },
      { field: 'building_sqft', value: 30_000, reason: 'building size unknown; industry typical' },
    ]);
    expect(unknown.breakdown.components.find((c) => c.id === 'recovery')!.assumed).toBe(true);
    expect(unknown.breakdown.components.find((c) => c.id === 'multi_site')).toMatchObject({ raw: 1, assumed: true });
    expect(points(unknown, 'data_quality')).toBe(20);
    expect(unknown.score).toBeLessThan(known.score);
  });

  it('uses US average rates for an unknown state and leaves the deregulation flag unknown', () => {
    const result = scoreCompany(company({ state: null }), seedProfile());
    expect(result.estimate).toMatchObject({ stateCode: null, deregulated: null, electricityRate: 0.125 });
    expect(result.breakdown.unknown).toEqual(['state']);
    expect(result.breakdown.assumed).toEqual([{ field: 'state', value: 'US average rates', reason: 'state unknown' }]);
    const foreign = scoreCompany(company({ state: 'Ontario' }), seedProfile());
    expect(foreign.breakdown.unknown).toEqual([]);
    expect(foreign.breakdown.assumed[0]!.reason).toBe('state "Ontario" is not in the rate table');
  });

  it('flags deregulated states', () => {
    const p = seedProfile();
    const flag = (state: string) => scoreCompany(company({ state }), p).breakdown.deregulated;
    expect(['NY', 'TX', 'Texas', 'pa', 'FL', 'CA', 'GA'].map(flag)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('prices an industry outside the profile with the default intensity and says so', () => {
    const result = scoreCompany(company({ industry: 'Crypto Mining' }), seedProfile());
    expect(result.breakdown.inputs).toMatchObject({ industry: 'Crypto Mining', industryKey: null, fit: null });
    expect(result.breakdown.assumed).toEqual([
      { field: 'industry', value: 'default intensity', reason: '"Crypto Mining" is not in the profile' },
    ]);
  });
});

describe('tiers', () => {
  it('are low below medium, medium from 40, high from 70', () => {
    const tiers = seedProfile().tiers;
    expect([0, 39, 40, 69, 70, 100].map((s) => tierFor(s, tiers))).toEqual([
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
    ]);
  });

  it('land on 39/40/69/70 through the whole formula', () => {
    const seed = seedProfile();
    const profile = icpProfileSchema.parse({
      ...seed,
      components: {
        staff: {
          label: 'Staff',
          weight: 1,
          measure: 'employee_count',
          bands: [
            { min: 0, points: 39 },
            { min: 40, points: 40 },
            { min: 69, points: 69 },
            { min: 70, points: 70 },
          ],
        },
      },
    });
    const at = (employeeCount: number) => {
      const r = scoreCompany(company({ employeeCount }), profile);
      return [r.score, r.tier];
    };
    expect([39, 40, 69, 70].map(at)).toEqual([
      [39, 'low'],
      [40, 'medium'],
      [69, 'medium'],
      [70, 'high'],
    ]);
  });
});

describe('an alternate profile file', () => {
  it('scores the same company differently with no code change', () => {
    const d = tempDirectives();
    d.write('icp-solar', readFileSync(ALTERNATE_PROFILE, 'utf8'));
    const solar = loadIcpProfile(d.store, 'icp-solar');
    const warehouse = company({ industry: 'warehousing', state: 'TX', siteCount: 6, buildingSqft: 60_000 });
    const seed = scoreCompany(warehouse, seedProfile());
    const alt = scoreCompany(warehouse, solar);
    expect(seed.breakdown.profile).toBe('utility-cost-audit');
    expect(alt.breakdown.profile).toBe('rooftop-solar');
    expect(alt.breakdown.components.map((c) => [c.id, c.points])).toEqual([
      ['roof', 100],
      ['open_market', 100],
      ['segment', 100],
    ]);
    expect(alt.score).toBe(100);
    expect(seed.score).not.toBe(alt.score);
    // The unknown-state rule of the alternate profile: unknownPoints, not a guess.
    const nowhere = scoreCompany({ ...warehouse, state: null }, solar);
    expect(nowhere.breakdown.components[1]).toMatchObject({ raw: null, points: 10 });
    expect(nowhere.tier).toBe('high');
    expect(scoreCompany({ ...warehouse, buildingSqft: 10_000, state: 'FL' }, solar)).toMatchObject({
      score: 26,
      tier: 'low',
    });
  });
});
