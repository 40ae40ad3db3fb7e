import { cleanFact, fingerprintOf, MAX_EXAMPLES, mostCommon, newestRunIds, percent, span } from '../evidence.js';
import type { DetectedLesson, EnrichedCompanyRow } from '../ports.js';
import type { LessonThresholds } from '../settings.js';

/**
 * An industry where enrichment keeps coming back empty: at least `minCompanies` approved companies went through an
 * enrichment run and at least `minMissRate` of them still have no usable contact.
 */
export function detectEnrichmentMisses(
  rows: readonly EnrichedCompanyRow[],
  thresholds: LessonThresholds,
): DetectedLesson[] {
  const { minCompanies, minMissRate } = thresholds.enrichmentMisses;
  const byIndustry = new Map<string, EnrichedCompanyRow[]>();
  for (const row of rows) {
    const key = row.industry.trim().toLowerCase();
    if (!key) continue;
    byIndustry.set(key, [...(byIndustry.get(key) ?? []), row]);
  }
  const lessons: DetectedLesson[] = [];
  for (const [key, group] of byIndustry) {
    const misses = group.filter((r) => r.contacts === 0);
    const rate = misses.length / group.length;
    if (group.length < minCompanies || rate < minMissRate) continue;
    const industry = cleanFact(mostCommon(group.map((r) => r.industry.trim())), 40);
    const when = span(group.map((r) => r.lastRunAt));
    const since = when.firstSeen?.slice(0, 10) ?? 'the start';
    const examples = misses.slice(0, MAX_EXAMPLES).map((r) => cleanFact(r.companyName, 60));
    lessons.push({
      directive: 'enrichment',
      kind: 'enrichment_misses',
      fingerprint: fingerprintOf('enrichment_misses', 'enrichment', key),
      summary: `No contact found for ${misses.length} of ${group.length} approved ${industry} companies (${percent(rate)}) after enrichment`,
      evidence: {
        count: misses.length,
        unit: 'companies',
        runIds: newestRunIds(group.flatMap((r) => r.runIds.map((runId) => ({ runId, at: r.lastRunAt })))),
        examples,
        ...when,
        variant: 'default',
        facts: {
          industry,
          misses: misses.length,
          total: group.length,
          rate: percent(rate),
          since,
          examples: examples.slice(0, 3).join(', '),
        },
      },
    });
  }
  return lessons.sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
}
