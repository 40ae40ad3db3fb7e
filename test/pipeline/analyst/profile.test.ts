import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findIndustry, findState } from '../../../src/pipeline/analyst/estimate.js';
import { industryKey, loadIcpProfile } from '../../../src/pipeline/analyst/profile.js';
import { ALTERNATE_PROFILE, seedProfile, tempDirectives } from './helpers.js';

describe('ICP profile', () => {
  it('ships the utility cost-audit seed profile', () => {
    const p = seedProfile();
    expect(p.name).toBe('utility-cost-audit');
    expect(p.savings).toEqual({ low: 0.1, mid: 0.135, high: 0.17 });
    expect(p.tiers).toEqual({ high: 70, medium: 40 });
    expect(Object.fromEntries(Object.entries(p.components).map(([id, c]) => [id, c.weight]))).toEqual({
      recovery: 0.4,
      industry_fit: 0.25,
      multi_site: 0.2,
      data_quality: 0.15,
    });
    expect(Object.keys(p.angles)).toEqual([
      'cost_savings',
      'audit_offer',
      'risk_reduction',
      'multi_site_savings',
      'deregulation_opportunity',
    ]);
    expect(Object.keys(p.industries).length).toBeGreaterThanOrEqual(15);
    expect(Object.keys(p.states)).toHaveLength(51);
    expect(p.deregulated).toContain('NY');
    expect(p.deregulated).not.toContain('FL');
  });

  it('publishes every industry key in the prose table that Scout reads', () => {
    const text = readFileSync('directives/icp.md', 'utf8');
    for (const key of Object.keys(seedProfile().industries)) expect(text).toMatch(new RegExp(`^\\| ${key} +\\|`, 'm'));
  });

  it('matches industries by key or alias and states by code or name', () => {
    const p = seedProfile();
    expect(industryKey('Senior Living')).toBe('senior_living');
    expect(findIndustry(p, 'Senior Living')).toBe('senior_living');
    expect(findIndustry(p, 'Hotels')).toBe('hospitality');
    expect(findIndustry(p, 'logistics/warehousing')).toBe('logistics');
    expect(findIndustry(p, 'Auto Dealers')).toBe('auto_dealers');
    expect(findIndustry(p, 'crypto mining')).toBeUndefined();
    expect(findState(p, 'ny')).toBe('NY');
    expect(findState(p, 'New York')).toBe('NY');
    expect(findState(p, 'Ontario')).toBeUndefined();
    expect(findState(p, null)).toBeUndefined();
  });

  it('loads another profile from another file with no code change', () => {
    const d = tempDirectives();
    d.write('icp-solar', readFileSync(ALTERNATE_PROFILE, 'utf8'));
    const p = loadIcpProfile(d.store, 'icp-solar');
    expect(p.name).toBe('rooftop-solar');
    expect(Object.keys(p.components)).toEqual(['roof', 'open_market', 'segment']);
  });

  const broken: [string, (t: string) => string, RegExp][] = [
    [
      'weights that do not sum to 1',
      (t) => t.replace('weight: 0.40', 'weight: 0.45'),
      /components: weights must sum to 1 \(they sum to 1\.05\)/,
    ],
    [
      'bands out of order',
      (t) => t.replace('{ min: 25000, points: 50 }', '{ min: 5000, points: 50 }'),
      /components\.recovery\.bands\.3\.min: bands must be in ascending order of min/,
    ],
    [
      'a first band that does not start at 0',
      (t) => t.replace('- { min: 0, points: 0 }\n      - { min: 2500', '- { min: 1, points: 0 }\n      - { min: 2500'),
      /components\.recovery\.bands\.0\.min: the first band must start at 0/,
    ],
    [
      'tiers the wrong way round',
      (t) => t.replace('tiers: { high: 70, medium: 40 }', 'tiers: { high: 40, medium: 70 }'),
      /tiers: need 0 < medium < high/,
    ],
    [
      'an industry with an unknown fit level',
      (t) => t.replace('dental: { fit: weak', 'dental: { fit: meh'),
      /industries\.dental\.fit: "meh" is not a level of industry_fit/,
    ],
    ['a misspelt key', (t) => t.replace('    weight: 0.25', '    wieght: 0.25'), /components\.industry_fit/],
    [
      'points above 100',
      (t) => t.replace('{ min: 10, points: 100 }', '{ min: 10, points: 120 }'),
      /components\.multi_site\.bands\.5\.points/,
    ],
    [
      'a deregulated state missing from the rate table',
      (t) => t.replace('deregulated: [CT,', 'deregulated: [ZZ, CT,'),
      /deregulated\.0: "ZZ" is not in the states table/,
    ],
    [
      'an unknown measure',
      (t) => t.replace('measure: site_count', 'measure: sites'),
      /components\.multi_site\.measure/,
    ],
  ];

  it.each(broken)('rejects a profile with %s, naming the field', (_what, edit, message) => {
    const d = tempDirectives();
    d.edit('icp', edit);
    let error: unknown;
    try {
      loadIcpProfile(d.store);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'invalid_config' });
    expect((error as Error).message).toMatch(/directives\/icp\.md block "icp-profile" is invalid/);
    expect((error as Error).message).toMatch(message);
  });

  it('says so when the profile block is missing or does not parse', () => {
    const d = tempDirectives();
    d.edit('icp', (t) => t.replace('```yaml icp-profile', '```yaml profile'));
    expect(() => loadIcpProfile(d.store)).toThrow(/directives\/icp\.md has no block labelled "icp-profile"/);
    d.edit('icp', (t) => t.replace('```yaml profile', '```yaml icp-profile').replace('tiers: {', 'tiers: {{'));
    expect(() => loadIcpProfile(d.store)).toThrow(/the yaml block "icp-profile" does not parse/);
  });
});
