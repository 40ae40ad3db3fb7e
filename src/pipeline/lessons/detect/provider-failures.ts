import { httpStatusMeaning, refusedKeyStatus } from '../../../http-status.js';
import { providerLabel } from '../../guard/provider-guard.js';
import { cleanFact, fingerprintOf, MAX_EXAMPLES, newestRunIds, span, tally } from '../evidence.js';
import type { DetectedLesson, ProviderIncidentRow } from '../ports.js';
import type { LessonThresholds } from '../settings.js';

export type FailureCause = 'auth' | 'quota' | 'rate_limit';

const QUOTA_WORDS =
  /quota|usage limit|credits?\b|plan limit|monthly|exceeded your|limit exceeded|out of requests|no remaining/i;

/** The provider a log step or skip flag is about: "scout.serper" → serper, "hunter.domain_search" → hunter. */
export function providerOf(name: string): string {
  const parts = name.toLowerCase().split('.');
  if (parts.length > 1 && (parts[0] === 'scout' || parts[0] === 'reenrich')) return parts[1]!;
  return parts[0]!;
}

/** Why a provider attempt failed, when it is a pattern worth a lesson: auth (401/403), quota, or rate limit (429). */
export function causeOf(row: Pick<ProviderIncidentRow, 'httpStatus' | 'text'>): FailureCause | undefined {
  const text = row.text;
  const status = statusOf(row);
  if (status !== undefined && refusedKeyStatus(status)) return 'auth';
  if (status !== undefined && httpStatusMeaning(status) === 'rate_limited')
    return QUOTA_WORDS.test(text) ? 'quota' : 'rate_limit';
  if (/unauthori[sz]ed|forbidden|api key|no (?:api )?access/i.test(text)) return 'auth';
  if (QUOTA_WORDS.test(text)) return 'quota';
  if (/too many requests|rate.?limit/i.test(text)) return 'rate_limit';
  return undefined;
}

function statusOf(row: Pick<ProviderIncidentRow, 'httpStatus' | 'text'>): number | undefined {
  if (row.httpStatus !== null) return row.httpStatus;
  const found = /\b(401|403|429)\b/.exec(row.text)?.[1];
  return found ? Number(found) : undefined;
}

/** "hunter: 429 quota exhausted" → "quota exhausted" (the status is quoted separately). */
function reasonText(text: string): string {
  return cleanFact(text.replace(/^[\w.]+:\s*/, '').replace(/^(?:401|403|429)\b\s*/, ''), 60) || 'no reason given';
}

interface Group {
  directive: string;
  provider: string;
  cause: FailureCause;
  rows: ProviderIncidentRow[];
}

/**
 * A provider that keeps being refused: skipped or failing with the same cause in at least `minRuns` distinct runs
 * of one stage. One lesson per (stage directive, provider, cause).
 */
export function detectProviderFailures(
  rows: readonly ProviderIncidentRow[],
  thresholds: LessonThresholds,
): DetectedLesson[] {
  const settings = thresholds.providerFailures;
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const directive = settings.directiveByRunKind[row.runKind];
    const cause = causeOf(row);
    if (!directive || !cause) continue;
    const provider = providerOf(row.name);
    const key = fingerprintOf('provider_failing', directive, provider, cause);
    const group = groups.get(key) ?? { directive, provider, cause, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  const lessons: DetectedLesson[] = [];
  for (const [fingerprint, group] of groups) {
    const runIds = new Set(group.rows.map((r) => r.runId));
    if (runIds.size < settings.minRuns) continue;
    lessons.push(toLesson(fingerprint, group, runIds.size, thresholds));
  }
  return lessons.sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
}

function toLesson(fingerprint: string, group: Group, runs: number, thresholds: LessonThresholds): DetectedLesson {
  const { directive, provider, cause, rows } = group;
  const reasons = tally(rows.map((r) => reasonText(r.text)));
  const statuses = [...new Set(rows.map(statusOf).filter((s) => s !== undefined))].sort();
  const when = span(rows.map((r) => r.at));
  const label = providerLabel(provider);
  const reason = reasons[0]!.value;
  const statusText = statuses.length > 0 ? statuses.join('/') : cause === 'auth' ? '401/403' : '429';
  const cooldownDays = cause === 'rate_limit' ? 0 : thresholds.providerFailures.cooldownDays[cause];
  const since = when.firstSeen?.slice(0, 10) ?? 'the start';
  return {
    directive,
    kind: 'provider_failing',
    fingerprint,
    summary: `${label}: ${statusText} ${reason} in ${runs} ${directive} runs since ${since}`,
    evidence: {
      count: runs,
      unit: 'runs',
      runIds: newestRunIds(rows),
      examples: reasons.slice(0, MAX_EXAMPLES).map((r) => `${r.value} ×${r.count}`),
      ...when,
      variant: cause,
      facts: {
        provider: label,
        providerKey: provider,
        cause,
        runs,
        statuses: statusText,
        reason,
        stage: directive,
        since,
        cooldownDays,
        envVar: `${provider.toUpperCase()}_RATE_LIMIT`,
      },
    },
  };
}
