import { cleanFact, fingerprintOf, MAX_EXAMPLES, newestRunIds, percent, span, tally } from '../evidence.js';
import type { DetectedLesson, ScoredDraftRow } from '../ports.js';
import type { LessonThresholds } from '../settings.js';

/** "specific_number" → "specific number" */
function criterionLabel(key: string): string {
  return key.replace(/_/g, ' ');
}

/**
 * The Critic failing drafts on the same criterion: among the last `lastDrafts` scored drafts (at least
 * `minDrafts`), at least `minShare` scored `maxPoints` or less on it. `drafts` are newest first.
 */
export function detectCriticFailures(
  drafts: readonly ScoredDraftRow[],
  thresholds: LessonThresholds,
  advice: Record<string, string>,
): DetectedLesson[] {
  const { lastDrafts, minDrafts, maxPoints, minShare } = thresholds.criticFailures;
  const recent = drafts.filter((d) => d.criteria.length > 0).slice(0, lastDrafts);
  if (recent.length < minDrafts) return [];
  const keys = [...new Set(recent.flatMap((d) => d.criteria.map((c) => c.key)))].sort();
  const lessons: DetectedLesson[] = [];
  for (const key of keys) {
    const scored = recent.filter((d) => d.criteria.some((c) => c.key === key));
    const failing = scored.filter((d) => d.criteria.some((c) => c.key === key && c.points <= maxPoints));
    const share = failing.length / scored.length;
    if (scored.length < minDrafts || share < minShare) continue;
    const notes = tally(
      failing.flatMap((d) =>
        d.criteria.filter((c) => c.key === key && c.note.trim()).map((c) => cleanFact(c.note, 80)),
      ),
    );
    const label = criterionLabel(key);
    lessons.push({
      directive: 'writer',
      kind: 'critic_criterion',
      fingerprint: fingerprintOf('critic_criterion', 'writer', key),
      summary: `${failing.length} of the last ${scored.length} drafts scored ${maxPoints}/2 or less on ${label}`,
      evidence: {
        count: failing.length,
        unit: 'drafts',
        runIds: newestRunIds(failing.map((d) => ({ runId: d.runId, at: d.createdAt }))),
        examples: notes.slice(0, MAX_EXAMPLES).map((n) => `${n.value} ×${n.count}`),
        ...span(failing.map((d) => d.createdAt)),
        variant: key,
        facts: {
          criterion: label,
          criterionKey: key,
          failing: failing.length,
          total: scored.length,
          share: percent(share),
          maxPoints,
          topNote: notes[0]?.value ?? 'no note',
          advice: advice[key] ?? "address the Critic's most common note on it before writing.",
          draftIds: failing
            .slice(0, MAX_EXAMPLES)
            .map((d) => `#${d.draftId}`)
            .join(', '),
        },
      },
    });
  }
  return lessons;
}
