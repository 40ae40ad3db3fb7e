import { describe, expect, it } from 'vitest';
import { causeOf, detectProviderFailures, providerOf } from '../../../src/pipeline/lessons/detect/provider-failures.js';
import type { ProviderIncidentRow } from '../../../src/pipeline/lessons/ports.js';
import { daysAgo, realSettings } from './helpers.js';

const { thresholds } = realSettings();

const skip = (runId: string, days: number, over: Partial<ProviderIncidentRow> = {}): ProviderIncidentRow => ({
  from: 'state',
  runId,
  runKind: 'enrich',
  name: 'hunter',
  httpStatus: 429,
  text: 'quota exhausted',
  at: daysAgo(days),
  ...over,
});

describe('detectProviderFailures', () => {
  it('fires when a provider is refused for quota in minRuns distinct runs, with runs, counts and examples', () => {
    expect(thresholds.providerFailures.minRuns).toBe(3);
    const rows = [
      skip('run_a', 20),
      // The run log repeats the skip for every company of the run: still one run.
      skip('run_a', 20, { from: 'log', httpStatus: null, text: 'hunter: 429 quota exhausted' }),
      skip('run_a', 20, { from: 'log', httpStatus: null, text: 'hunter: 429 quota exhausted' }),
      skip('run_b', 9),
      skip('run_c', 2, {
        from: 'log',
        name: 'hunter.domain_search',
        httpStatus: null,
        text: 'hunter: 429 quota exhausted',
      }),
    ];
    const [lesson, ...rest] = detectProviderFailures(rows, thresholds);
    expect(rest).toEqual([]);
    expect(lesson).toMatchObject({
      directive: 'enrichment',
      kind: 'provider_failing',
      fingerprint: 'provider_failing:enrichment:hunter:quota',
      summary: 'Hunter: 429 quota exhausted in 3 enrichment runs since 2026-11-05',
    });
    expect(lesson!.evidence).toMatchObject({
      count: 3,
      unit: 'runs',
      runIds: ['run_c', 'run_b', 'run_a'],
      examples: ['quota exhausted ×5'],
      variant: 'quota',
      firstSeen: daysAgo(20).toISOString(),
      lastSeen: daysAgo(2).toISOString(),
    });
    expect(lesson!.evidence.facts).toMatchObject({ provider: 'Hunter', runs: 3, cooldownDays: 7, statuses: '429' });
  });

  it('does not fire below minRuns, and ignores timeouts, server errors and runs of unknown kinds', () => {
    expect(detectProviderFailures([skip('run_a', 3), skip('run_b', 2)], thresholds)).toEqual([]);
    const noise = [
      skip('run_a', 3, { httpStatus: null, text: 'hunter did not answer within 10000 ms' }),
      skip('run_b', 3, { httpStatus: 500, text: 'hunter: 500 internal error' }),
      skip('run_c', 3, { httpStatus: null, text: 'hunter: 500 internal error' }),
      skip('run_d', 3, { runKind: 'digest' }),
      skip('run_e', 3, { runKind: 'digest' }),
      skip('run_f', 3, { runKind: 'digest' }),
    ];
    expect(detectProviderFailures(noise, thresholds)).toEqual([]);
  });

  it('keeps a stable fingerprint as evidence grows, and separates causes and stages', () => {
    const three = [skip('run_a', 5), skip('run_b', 4), skip('run_c', 3)];
    const five = [...three, skip('run_d', 2), skip('run_e', 1)].reverse();
    const [before] = detectProviderFailures(three, thresholds);
    const [after] = detectProviderFailures(five, thresholds);
    expect(after!.fingerprint).toBe(before!.fingerprint);
    expect(after!.evidence.count).toBe(5);

    const apollo = ['run_a', 'run_b', 'run_c'].map((id) =>
      skip(id, 3, { name: 'apollo', httpStatus: 403, text: 'plan has no API access' }),
    );
    const serper = ['run_s1', 'run_s2', 'run_s3'].map((id) =>
      skip(id, 3, {
        from: 'log',
        runKind: 'search',
        name: 'scout.serper',
        httpStatus: null,
        text: 'serper: 401 bad key',
      }),
    );
    const lessons = detectProviderFailures([...apollo, ...serper], thresholds);
    expect(lessons.map((l) => [l.fingerprint, l.directive, l.evidence.variant])).toEqual([
      ['provider_failing:enrichment:apollo:auth', 'enrichment', 'auth'],
      ['provider_failing:scout:serper:auth', 'scout', 'auth'],
    ]);
    expect(lessons[0]!.evidence.facts.reason).toBe('plan has no API access');
    expect(lessons[0]!.evidence.facts.cooldownDays).toBe(30);
  });

  it('reads causes and provider names the way the stages write them', () => {
    expect(providerOf('scout.osm')).toBe('osm');
    expect(providerOf('reenrich.apollo')).toBe('apollo');
    expect(providerOf('hunter.domain_search')).toBe('hunter');
    expect(causeOf({ httpStatus: null, text: 'apollo: 403 plan has no API access' })).toBe('auth');
    expect(causeOf({ httpStatus: 429, text: 'monthly quota exhausted' })).toBe('quota');
    expect(causeOf({ httpStatus: null, text: 'hunter: 429 too many requests' })).toBe('rate_limit');
    expect(causeOf({ httpStatus: null, text: 'snov did not answer within 10000 ms' })).toBeUndefined();
  });
});
