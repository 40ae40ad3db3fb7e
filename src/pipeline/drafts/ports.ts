import { DRAFT_STATUSES } from '../statuses.js';

export { DRAFT_STATUSES };
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

export interface CriticCriterion {
  key: 'personalised' | 'specific_number' | 'clear_cta' | 'sounds_human' | 'subject_specific';
  points: 0 | 1 | 2;
  note: string;
  /** 'code' when checked deterministically, 'llm' when judged by the model. */
  checkedBy: 'code' | 'llm';
}

export interface DraftRecord {
  id: number;
  companyId: number;
  contactId: number | null;
  runId: string | null;
  replacesDraftId: number | null;
  angle: string;
  angleMode: 'exploit' | 'explore' | 'fixed';
  reasoning: string | null;
  subject: string;
  body: string;
  generatedBy: 'llm' | 'template' | 'human';
  criticScore: number | null;
  criticBreakdown: { criteria: CriticCriterion[] } | null;
  criticFeedback: string[];
  attempts: number;
  lowConfidence: boolean;
  lowConfidenceReasons: string[];
  instructions: string | null;
  status: DraftStatus;
  slackChannel: string | null;
  slackTs: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewDraft = Omit<DraftRecord, 'id' | 'createdAt' | 'updatedAt' | 'status' | 'slackChannel' | 'slackTs'> & {
  status?: DraftStatus;
};

/** A draft with what a reviewer sees beside it (list-drafts, Gate 2 cards). */
export interface DraftListItem extends DraftRecord {
  companyName: string;
  industry: string;
  contactEmail: string | null;
  contactName: string | null;
}

export interface DraftFilter {
  ids?: number[];
  status?: DraftStatus[];
  companyId?: number;
  limit?: number;
}

/** Email drafts (implemented in src/db). */
export interface DraftRepo {
  insert(draft: NewDraft, at: Date): Promise<DraftRecord>;
  /** Inserts a pending draft unless the company already has a pending or approved one (then undefined). */
  insertCurrent(draft: NewDraft, at: Date): Promise<DraftRecord | undefined>;
  get(id: number): Promise<DraftRecord | undefined>;
  update(id: number, patch: Partial<Omit<DraftRecord, 'id' | 'createdAt'>>, at: Date): Promise<DraftRecord>;
  /** Newest first. */
  list(filter: DraftFilter): Promise<DraftRecord[]>;
  /** Newest first, with the company's name and industry and the contact's address. */
  listForReview(filter: DraftFilter): Promise<DraftListItem[]>;
  /** The company's current draft (not superseded or rejected), if any. */
  currentForCompany(companyId: number): Promise<DraftRecord | undefined>;
  /** Drafts per status (every status present, 0 when none). */
  countByStatus(): Promise<Record<DraftStatus, number>>;
}

/** One row of the learning table. */
export interface WinRateRow {
  industry: string;
  angle: string;
  sent: number;
  replies: number;
  positiveReplies: number;
}

export interface WinRateRepo {
  all(): Promise<WinRateRow[]>;
  forIndustry(industry: string): Promise<WinRateRow[]>;
  /** Adds to the counters of (industry, angle), creating the row when needed. */
  increment(
    industry: string,
    angle: string,
    deltas: { sent?: number; replies?: number; positiveReplies?: number },
    at: Date,
  ): Promise<void>;
}
