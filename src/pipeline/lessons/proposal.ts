import type { ApprovalRecord } from '../approvals/ports.js';
import { providerLabel } from '../guard/provider-guard.js';
import type { LessonEvidence, LessonRecord, LessonStatus } from './ports.js';

/** Provider lessons whose Apply also adds a cooldown entry (auth and quota failures). */
export function cooldownOf(lesson: Pick<LessonRecord, 'kind' | 'evidence'>): { provider: string; days: number } | null {
  if (lesson.kind !== 'provider_failing') return null;
  const { variant, facts } = lesson.evidence;
  const days = Number(facts.cooldownDays);
  if ((variant !== 'auth' && variant !== 'quota') || !Number.isFinite(days) || days <= 0) return null;
  return { provider: String(facts.providerKey), days };
}

/** Which proposal of this lesson we are on (1 for the first; re-opened lessons count up). */
function proposalRound(lesson: Pick<LessonRecord, 'evidence'>): number {
  return (lesson.evidence.history?.length ?? 0) + 1;
}

/** The approval_requests subject for the lesson's current proposal: "12", then "12.2" after a re-open. */
export function approvalSubject(lesson: Pick<LessonRecord, 'id' | 'evidence'>): string {
  const round = proposalRound(lesson);
  return round <= 1 ? String(lesson.id) : `${lesson.id}.${round}`;
}

/** What Apply does besides the bullet, in words, or null. */
function describeEffect(lesson: Pick<LessonRecord, 'kind' | 'evidence' | 'directive'>): string | null {
  const cooldown = cooldownOf(lesson);
  if (!cooldown) return null;
  return `${providerLabel(cooldown.provider)} is left out of ${lesson.directive} runs for ${cooldown.days} days (provider-cooldowns in directives/${lesson.directive}.md)`;
}

/** The approval request's payload: what the generic approval card and App Home show. */
export function approvalPayload(lesson: LessonRecord): Record<string, unknown> {
  return {
    summary: `Add to directives/${lesson.directive}.md: “${lesson.amendment ?? ''}” — ${lesson.summary}`,
    lessonId: lesson.id,
    directive: lesson.directive,
    kind: lesson.kind,
    amendment: lesson.amendment,
    rationale: lesson.rationale,
    effect: describeEffect(lesson),
  };
}

/**
 * A lesson as plain data for surfaces: the Slack Apply / Dismiss card, `leadbot lessons --json`, App Home.
 * Buttons should carry `lessonId`; a decided lesson shows `decision` instead of buttons.
 */
export interface LessonView {
  lessonId: number;
  directive: string;
  kind: string;
  status: LessonStatus;
  summary: string;
  amendment: string | null;
  rationale: string | null;
  amendmentSource: 'llm' | 'rules' | null;
  /** What else Apply changes (a provider cooldown), or null. */
  effect: string | null;
  evidence: Pick<LessonEvidence, 'count' | 'unit' | 'runIds' | 'examples' | 'firstSeen' | 'lastSeen'> & {
    reasonSummary: string | null;
  };
  /** The approval request for the current proposal (null before one exists). */
  approvalId: number | null;
  /** Who decided and when, once decided. */
  decision: { status: 'applied' | 'dismissed'; by: string | null; at: string | null } | null;
  slack: { channel: string; ts: string } | null;
  createdAt: string;
  updatedAt: string;
}

export function lessonView(lesson: LessonRecord, approval?: ApprovalRecord): LessonView {
  const e = lesson.evidence;
  const decided = lesson.status === 'applied' || lesson.status === 'dismissed';
  return {
    lessonId: lesson.id,
    directive: lesson.directive,
    kind: lesson.kind,
    status: lesson.status,
    summary: lesson.summary,
    amendment: lesson.amendment,
    rationale: lesson.rationale,
    amendmentSource: lesson.amendmentSource,
    effect: describeEffect(lesson),
    evidence: {
      count: e.count,
      unit: e.unit,
      runIds: e.runIds,
      examples: e.examples,
      firstSeen: e.firstSeen,
      lastSeen: e.lastSeen,
      reasonSummary: e.reasonSummary ?? null,
    },
    approvalId: approval?.id ?? null,
    decision: decided
      ? {
          status: lesson.status as 'applied' | 'dismissed',
          by: lesson.decidedBy,
          at: lesson.decidedAt?.toISOString() ?? null,
        }
      : null,
    slack: lesson.slackChannel && lesson.slackTs ? { channel: lesson.slackChannel, ts: lesson.slackTs } : null,
    createdAt: lesson.createdAt.toISOString(),
    updatedAt: lesson.updatedAt.toISOString(),
  };
}
