import { LESSON_STATUSES } from '../statuses.js';

export { LESSON_STATUSES };
export type LessonStatus = (typeof LESSON_STATUSES)[number];

export const LESSON_KINDS = [
  'provider_failing',
  'enrichment_misses',
  'critic_criterion',
  'scout_dry_source',
  'lead_rejections',
] as const;
export type LessonKind = (typeof LESSON_KINDS)[number];

/** What a lesson rests on: counts, the runs it was seen in, a few examples, and the facts templates may quote. */
export interface LessonEvidence {
  /** The pattern's size (runs, drafts, companies, queries or rejections); re-open decisions compare it. */
  count: number;
  /** What `count` counts ("runs", "drafts", …), for people. */
  unit: string;
  /** Newest first, at most a few dozen. */
  runIds: string[];
  examples: string[];
  firstSeen: string | null;
  lastSeen: string | null;
  /** Values the rule-based templates and the LLM prompt may quote, all short and free of URLs. */
  facts: Record<string, string | number>;
  /** Which template applies within the kind (a provider failure's cause, a Critic criterion, a trait). */
  variant: string;
  /** Rejection lessons: the reasons people gave (cleaned, at most 30), and their summary (LLM or rules). */
  reasons?: string[];
  reasonSummary?: string;
  reasonSummarySource?: 'llm' | 'rules';
  /** Set when a lesson is decided: `count` at that moment, so re-opening needs the evidence to grow. */
  baseline?: number;
  /** Earlier decisions on this fingerprint, oldest first. */
  history?: { status: 'applied' | 'dismissed'; by: string | null; at: string; count: number }[];
}

/** A pattern a detector found: what the scan upserts by fingerprint. */
export interface DetectedLesson {
  directive: string;
  kind: LessonKind;
  fingerprint: string;
  summary: string;
  evidence: LessonEvidence;
}

export interface LessonRecord {
  id: number;
  directive: string;
  kind: string;
  fingerprint: string;
  summary: string;
  evidence: LessonEvidence;
  amendment: string | null;
  rationale: string | null;
  amendmentSource: 'llm' | 'rules' | null;
  status: LessonStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  slackChannel: string | null;
  slackTs: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type LessonPatch = Partial<
  Pick<
    LessonRecord,
    | 'summary'
    | 'evidence'
    | 'amendment'
    | 'rationale'
    | 'amendmentSource'
    | 'status'
    | 'decidedBy'
    | 'decidedAt'
    | 'slackChannel'
    | 'slackTs'
  >
>;

/** `directive_lessons` (implemented in src/db/repos/lesson-repo.ts). */
export interface LessonRepo {
  get(id: number): Promise<LessonRecord | undefined>;
  findByFingerprint(fingerprint: string): Promise<LessonRecord | undefined>;
  insert(lesson: DetectedLesson, at: Date): Promise<LessonRecord>;
  update(id: number, patch: LessonPatch, at: Date): Promise<LessonRecord>;
  /** Newest first. */
  list(filter?: { status?: LessonStatus[]; limit?: number }): Promise<LessonRecord[]>;
}

/** A provider attempt that went wrong: a skip flag (provider_state) or an error/skip row in agent_run_logs. */
export interface ProviderIncidentRow {
  from: 'state' | 'log';
  runId: string;
  runKind: string;
  /** provider_state.provider, or the log's step name ("hunter", "scout.serper", "hunter.domain_search"). */
  name: string;
  httpStatus: number | null;
  /** The skip reason or the logged error. */
  text: string;
  at: Date;
}

/** An approved company that went through an enrichment run, and how many usable contacts it has now. */
export interface EnrichedCompanyRow {
  companyId: number;
  companyName: string;
  industry: string;
  runIds: string[];
  lastRunAt: Date;
  /** Active contacts with an address that is not known to be invalid. */
  contacts: number;
}

export interface CriticCriterionScore {
  key: string;
  points: number;
  note: string;
}

/** A Critic-scored draft (newest first). */
export interface ScoredDraftRow {
  draftId: number;
  runId: string | null;
  companyName: string;
  industry: string;
  criteria: CriticCriterionScore[];
  createdAt: Date;
}

export interface SourceStatsRow {
  source: string;
  industry: string;
  queries: number;
  returned: number;
  kept: number;
}

/** A Scout query step from the run log ("scout.serper" with its query text and industry). */
export interface ScoutQueryRow {
  runId: string;
  source: string;
  industry: string | null;
  query: string | null;
  returned: number | null;
  at: Date;
}

/** A human decision at Gate 1 with the company's traits. */
export interface LeadDecisionRow {
  companyId: number;
  companyName: string;
  decision: 'approved' | 'rejected';
  reason: string | null;
  decidedBy: string | null;
  decidedAt: Date;
  runId: string | null;
  industry: string;
  city: string | null;
  employeeCount: number | null;
  siteCount: number | null;
  tier: string | null;
}

/** The read side of the scan: plain rows from the tables other stages write. */
export interface LessonSignals {
  providerIncidents(since: Date): Promise<ProviderIncidentRow[]>;
  enrichedCompanies(since: Date): Promise<EnrichedCompanyRow[]>;
  scoredDrafts(limit: number): Promise<ScoredDraftRow[]>;
  sourceStats(): Promise<SourceStatsRow[]>;
  scoutQueries(since: Date): Promise<ScoutQueryRow[]>;
  leadDecisions(since: Date): Promise<LeadDecisionRow[]>;
}
