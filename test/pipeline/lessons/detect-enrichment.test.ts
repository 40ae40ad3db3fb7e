import { describe, expect, it } from 'vitest';
import { detectEnrichmentMisses } from '../../../src/pipeline/lessons/detect/enrichment-misses.js';
import type { EnrichedCompanyRow } from '../../../src/pipeline/lessons/ports.js';
import { daysAgo, realSettings } from './helpers.js';

const { thresholds } = realSettings();

let id = 0;
const company = (industry: string, contacts: number, runId = 'run_e1', days = 3): EnrichedCompanyRow => ({
  companyId: ++id,
  companyName: `Company ${id}`,
  industry,
  runIds: [runId],
  lastRunAt: daysAgo(days),
  contacts,
});

describe('detectEnrichmentMisses', () => {
  it('fires for an industry whose approved companies keep getting no contact, with examples and runs', () => {
    expect(thresholds.enrichmentMisses).toEqual({ minCompanies: 5, minMissRate: 0.6 });
    const rows = [
      company('Healthcare', 0, 'run_e1', 10),
      company('healthcare', 0, 'run_e1', 10),
      company('Healthcare', 0, 'run_e2', 4),
      company('Healthcare', 1, 'run_e2', 4),
      company('Healthcare', 0, 'run_e3', 1),
      company('Manufacturing', 2),
    ];
    const [lesson, ...rest] = detectEnrichmentMisses(rows, thresholds);
    expect(rest).toEqual([]);
    expect(lesson).toMatchObject({
      directive: 'enrichment',
      kind: 'enrichment_misses',
      fingerprint: 'enrichment_misses:enrichment:healthcare',
      summary: 'No contact found for 4 of 5 approved Healthcare companies (80%) after enrichment',
    });
    expect(lesson!.evidence).toMatchObject({ count: 4, unit: 'companies', runIds: ['run_e3', 'run_e2', 'run_e1'] });
    expect(lesson!.evidence.examples).toHaveLength(4);
    expect(lesson!.evidence.facts).toMatchObject({ misses: 4, total: 5, rate: '80%' });
  });

  it('does not fire under the minimum count or under the miss rate', () => {
    const few = [company('Retail', 0), company('Retail', 0), company('Retail', 0), company('Retail', 0)];
    expect(detectEnrichmentMisses(few, thresholds)).toEqual([]);
    const mostlyFound = [...few.slice(0, 2), company('Retail', 1), company('Retail', 1), company('Retail', 2)];
    expect(detectEnrichmentMisses(mostlyFound, thresholds)).toEqual([]);
  });

  it('keeps the same fingerprint when more companies are missed', () => {
    const base = Array.from({ length: 5 }, () => company('Hospitality', 0));
    const [a] = detectEnrichmentMisses(base, thresholds);
    const [b] = detectEnrichmentMisses([...base, company('hospitality ', 0)], thresholds);
    expect(b!.fingerprint).toBe(a!.fingerprint);
    expect(b!.evidence.count).toBe(6);
  });
});
