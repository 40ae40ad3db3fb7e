import { describe, expect, it } from 'vitest';
import { detectScoutDrySources } from '../../../src/pipeline/lessons/detect/scout-dry-sources.js';
import type { ScoutQueryRow } from '../../../src/pipeline/lessons/ports.js';
import { daysAgo, realSettings } from './helpers.js';

const { thresholds } = realSettings();

const query = (runId: string, q: string, days: number, source = 'osm', industry = 'healthcare'): ScoutQueryRow => ({
  runId,
  source,
  industry,
  query: q,
  returned: 0,
  at: daysAgo(days),
});

describe('detectScoutDrySources', () => {
  const queries = [
    query('run_s1', 'hospitals in Buffalo', 12),
    query('run_s1', 'medical clinics in Buffalo', 12),
    query('run_s2', 'hospitals in Rochester', 3),
    query('run_x', 'plants in Erie', 3, 'osm', 'manufacturing'),
  ];

  it('fires for a source asked ≥ minQueries times for an industry that returned nothing', () => {
    expect(thresholds.scoutDrySources.minQueries).toBe(8);
    const stats = [
      { source: 'osm', industry: 'healthcare', queries: 9, returned: 0, kept: 0 },
      { source: 'sandbox', industry: 'healthcare', queries: 30, returned: 120, kept: 40 },
    ];
    const [lesson, ...rest] = detectScoutDrySources(stats, queries, thresholds);
    expect(rest).toEqual([]);
    expect(lesson).toMatchObject({
      directive: 'scout',
      kind: 'scout_dry_source',
      fingerprint: 'scout_dry_source:scout:osm:healthcare:nothing_returned',
      summary: 'OpenStreetMap returned nothing for healthcare in 9 queries',
    });
    expect(lesson!.evidence).toMatchObject({ count: 9, unit: 'queries', runIds: ['run_s2', 'run_s1'] });
    expect(lesson!.evidence.examples).toEqual([
      "'hospitals in Buffalo'",
      "'medical clinics in Buffalo'",
      "'hospitals in Rochester'",
    ]);
  });

  it('fires for results that are never kept, and not below minQueries or when something was kept', () => {
    const stats = [
      { source: 'serper', industry: 'healthcare', queries: 8, returned: 14, kept: 0 },
      { source: 'osm', industry: 'healthcare', queries: 7, returned: 0, kept: 0 },
      { source: 'apollo', industry: 'healthcare', queries: 20, returned: 40, kept: 1 },
    ];
    const lessons = detectScoutDrySources(stats, queries, thresholds);
    expect(lessons.map((l) => l.fingerprint)).toEqual(['scout_dry_source:scout:serper:healthcare:nothing_kept']);
    expect(lessons[0]!.summary).toBe('Serper returned 14 healthcare results in 8 queries, none kept');
  });
});
