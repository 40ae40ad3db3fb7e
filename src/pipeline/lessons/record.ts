import type { DetectedLesson, LessonEvidence, LessonRecord, LessonRepo } from './ports.js';
import type { LessonThresholds } from './settings.js';

export type RecordChange = 'created' | 'updated' | 'reopened';

/**
 * Whether a decided lesson's pattern has grown enough to be proposed again: its count must reach `reopenFactor` ×
 * the count it had when decided (and exceed it).
 */
function shouldReopen(lesson: LessonRecord, count: number, thresholds: LessonThresholds): boolean {
  if (lesson.status !== 'applied' && lesson.status !== 'dismissed') return false;
  const baseline = lesson.evidence.baseline ?? lesson.evidence.count;
  return count > baseline && count >= baseline * thresholds.reopenFactor;
}

/** Fresh evidence from a detector, keeping what belongs to the lesson's history and an LLM's reason summary. */
function mergeEvidence(previous: LessonEvidence, next: LessonEvidence): LessonEvidence {
  const merged: LessonEvidence = { ...next };
  if (previous.baseline !== undefined) merged.baseline = previous.baseline;
  if (previous.history) merged.history = previous.history;
  if (previous.reasonSummarySource === 'llm' && previous.reasonSummary) {
    merged.reasonSummary = previous.reasonSummary;
    merged.reasonSummarySource = 'llm';
  }
  return merged;
}

/**
 * Upserts a detected pattern by fingerprint: a new pattern becomes an `open` lesson; a known one gets fresh
 * evidence (a proposed amendment is never rewritten: people approve the text they were shown); a dismissed or
 * applied one re-opens only when `shouldReopen` says its evidence grew enough.
 */
export async function recordDetection(
  detected: DetectedLesson,
  deps: { lessons: LessonRepo; thresholds: LessonThresholds; now: () => Date },
): Promise<{ lesson: LessonRecord; change: RecordChange }> {
  const at = deps.now();
  const existing = await deps.lessons.findByFingerprint(detected.fingerprint);
  if (!existing) return { lesson: await deps.lessons.insert(detected, at), change: 'created' };
  const evidence = mergeEvidence(existing.evidence, detected.evidence);
  if (shouldReopen(existing, detected.evidence.count, deps.thresholds)) {
    const lesson = await deps.lessons.update(
      existing.id,
      {
        summary: detected.summary,
        evidence,
        status: 'open',
        amendment: null,
        rationale: null,
        amendmentSource: null,
        decidedBy: null,
        decidedAt: null,
        slackChannel: null,
        slackTs: null,
      },
      at,
    );
    return { lesson, change: 'reopened' };
  }
  return {
    lesson: await deps.lessons.update(existing.id, { summary: detected.summary, evidence }, at),
    change: 'updated',
  };
}
