import { providerLabel } from '../../guard/provider-guard.js';
import { cleanFact, fingerprintOf, MAX_EXAMPLES, newestRunIds, span } from '../evidence.js';
import type { DetectedLesson, ScoutQueryRow, SourceStatsRow } from '../ports.js';
import type { LessonThresholds } from '../settings.js';

/**
 * A Scout source that keeps yielding nothing for an industry: asked at least `minQueries` times and either returned
 * nothing, or returned results none of which were kept. The query steps in the run log give run ids and the query
 * variants tried.
 */
export function detectScoutDrySources(
  stats: readonly SourceStatsRow[],
  queries: readonly ScoutQueryRow[],
  thresholds: LessonThresholds,
): DetectedLesson[] {
  const { minQueries } = thresholds.scoutDrySources;
  const lessons: DetectedLesson[] = [];
  for (const row of stats) {
    if (row.queries < minQueries) continue;
    const variant = row.returned === 0 ? 'nothing_returned' : row.kept === 0 ? 'nothing_kept' : undefined;
    if (!variant) continue;
    const industryKey = row.industry.trim().toLowerCase();
    const steps = queries.filter(
      (q) => q.source === row.source && (q.industry ?? '').trim().toLowerCase() === industryKey,
    );
    const variants = [...new Set(steps.map((q) => q.query && cleanFact(q.query, 60)).filter(Boolean))] as string[];
    const source = providerLabel(row.source);
    const industry = cleanFact(row.industry, 40);
    const when = span(steps.map((s) => s.at));
    lessons.push({
      directive: 'scout',
      kind: 'scout_dry_source',
      fingerprint: fingerprintOf('scout_dry_source', 'scout', row.source, industryKey, variant),
      summary:
        variant === 'nothing_returned'
          ? `${source} returned nothing for ${industry} in ${row.queries} queries`
          : `${source} returned ${row.returned} ${industry} results in ${row.queries} queries, none kept`,
      evidence: {
        count: row.queries,
        unit: 'queries',
        runIds: newestRunIds(steps),
        examples: variants.slice(0, MAX_EXAMPLES).map((q) => `'${q}'`),
        ...when,
        variant,
        facts: {
          source,
          sourceKey: row.source,
          industry,
          queries: row.queries,
          returned: row.returned,
          kept: row.kept,
          examples:
            variants
              .slice(0, 3)
              .map((q) => `'${q}'`)
              .join(', ') || 'no query text logged',
        },
      },
    });
  }
  return lessons.sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
}
