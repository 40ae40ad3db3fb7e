import { cleanFact, fingerprintOf, MAX_EXAMPLES, newestRunIds, percent, span } from '../evidence.js';
import { containsPhrase, countPhrases, summarizePhrases } from '../phrases.js';
import type { DetectedLesson, LeadDecisionRow } from '../ports.js';
import type { LessonThresholds, ReasonWords } from '../settings.js';

export interface Trait {
  kind: 'industry' | 'employees' | 'sites' | 'tier';
  value: string;
  /** Reads after "leads": "in healthcare", "with 1–9 employees", "with a single site", "in the low tier". */
  label: string;
}

const MAX_REASONS = 30;

/** The traits a decided lead is judged by; unknown facts give no trait, except an unknown employee count. */
export function traitsOf(row: LeadDecisionRow, employeeBands: readonly number[]): Trait[] {
  const traits: Trait[] = [];
  const industry = row.industry.trim();
  if (industry)
    traits.push({ kind: 'industry', value: industry.toLowerCase(), label: `in ${cleanFact(industry, 40)}` });
  traits.push(employeeTrait(row.employeeCount, employeeBands));
  if (row.siteCount !== null)
    traits.push(
      row.siteCount <= 1
        ? { kind: 'sites', value: 'single', label: 'with a single site' }
        : { kind: 'sites', value: 'multi', label: 'with several sites' },
    );
  if (row.tier) traits.push({ kind: 'tier', value: row.tier, label: `in the ${row.tier} tier` });
  return traits;
}

function employeeTrait(count: number | null, bands: readonly number[]): Trait {
  if (count === null) return { kind: 'employees', value: 'unknown', label: 'with an unknown employee count' };
  const sorted = [...bands].sort((a, b) => a - b);
  let low = 1;
  for (const limit of sorted) {
    if (count < limit)
      return { kind: 'employees', value: `${low}-${limit - 1}`, label: `with ${low}–${limit - 1} employees` };
    low = limit;
  }
  return { kind: 'employees', value: `${low}+`, label: `with ${low}+ employees` };
}

const reasonsOf = (rows: readonly LeadDecisionRow[]) =>
  rows.map((r) => cleanFact(r.reason, 120)).filter((r) => r.length > 0);

/**
 * Humans rejecting leads with the same trait (rejected ≥ `minRejections` times, at ≥ `minRejectionRate`, and
 * `minLift` above leads without it) or giving the same reason (a phrase in ≥ `minRejections` reasons and
 * ≥ `minReasonShare` of them). The reasons are summarised as the most common phrases with counts.
 */
export function detectLeadRejections(
  rows: readonly LeadDecisionRow[],
  thresholds: LessonThresholds,
  words: ReasonWords,
): DetectedLesson[] {
  const settings = thresholds.leadRejections;
  const withTraits = rows.map((row) => ({ row, traits: traitsOf(row, settings.employeeBands) }));
  const keys = new Map<string, Trait>();
  for (const { traits } of withTraits) for (const t of traits) keys.set(`${t.kind}:${t.value}`, t);
  const lessons: DetectedLesson[] = [];
  for (const [key, trait] of [...keys].sort(([a], [b]) => a.localeCompare(b))) {
    const has = withTraits.filter((x) => x.traits.some((t) => `${t.kind}:${t.value}` === key)).map((x) => x.row);
    const others = rows.filter((r) => !has.includes(r));
    const rejected = has.filter((r) => r.decision === 'rejected');
    const rate = rejected.length / has.length;
    if (rejected.length < settings.minRejections || rate < settings.minRejectionRate || others.length === 0) continue;
    const otherRate = others.filter((r) => r.decision === 'rejected').length / others.length;
    if (rate - otherRate < settings.minLift) continue;
    const reasons = reasonsOf(rejected);
    lessons.push(
      rejectionLesson(fingerprintOf('lead_rejections', 'analyst', trait.kind, trait.value), rejected, reasons, words, {
        summary: `Humans rejected ${rejected.length} of ${has.length} leads ${trait.label} (${percent(rate)})`,
        variant: 'default',
        facts: { trait: trait.label, decided: has.length, rate: percent(rate), otherRate: percent(otherRate) },
      }),
    );
  }
  return [...lessons, ...reasonLessons(rows, thresholds, words)];
}

function reasonLessons(rows: readonly LeadDecisionRow[], thresholds: LessonThresholds, words: ReasonWords) {
  const rejected = rows.filter((r) => r.decision === 'rejected' && reasonsOf([r]).length > 0);
  const { minRejections, minReasonShare } = thresholds.leadRejections;
  const lessons: DetectedLesson[] = [];
  for (const { phrase, count } of countPhrases(reasonsOf(rejected), words)) {
    if (count < minRejections || count / rejected.length < minReasonShare) continue;
    const matching = rejected.filter((r) => containsPhrase(r.reason ?? '', phrase));
    const share = percent(count / rejected.length);
    lessons.push(
      rejectionLesson(
        fingerprintOf('lead_rejections', 'analyst', 'reason', phrase),
        matching,
        reasonsOf(rejected),
        words,
        {
          summary: `Humans rejected ${count} leads saying '${phrase}' (${share} of rejections with a reason)`,
          variant: 'reason',
          facts: { phrase, share },
        },
      ),
    );
  }
  return lessons;
}

function rejectionLesson(
  fingerprint: string,
  rejected: readonly LeadDecisionRow[],
  reasons: readonly string[],
  words: ReasonWords,
  shape: { summary: string; variant: string; facts: Record<string, string | number> },
): DetectedLesson {
  const when = span(rejected.map((r) => r.decidedAt));
  const reasonSummary = summarizePhrases(countPhrases(reasons, words));
  return {
    directive: 'analyst',
    kind: 'lead_rejections',
    fingerprint,
    summary: shape.summary,
    evidence: {
      count: rejected.length,
      unit: 'rejections',
      runIds: newestRunIds(rejected.map((r) => ({ runId: r.runId, at: r.decidedAt }))),
      examples: rejected
        .slice(0, MAX_EXAMPLES)
        .map((r) => `${cleanFact(r.companyName, 50)}${r.reason ? `: ${cleanFact(r.reason, 80)}` : ''}`),
      ...when,
      variant: shape.variant,
      reasons: reasons.slice(0, MAX_REASONS),
      reasonSummary,
      reasonSummarySource: 'rules',
      facts: {
        ...shape.facts,
        rejected: rejected.length,
        reasons: reasonSummary,
        since: when.firstSeen?.slice(0, 10) ?? 'the start',
      },
    },
  };
}
