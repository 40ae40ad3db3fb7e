import type { APPROVAL_STATUSES } from '../statuses.js';

export const APPROVAL_KINDS = ['lead', 'draft', 'lesson', 'suppress', 'action'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export type DecisionSource = 'slack' | 'cli' | 'workspace';

export interface ApprovalRecord {
  id: number;
  kind: ApprovalKind;
  subjectId: string;
  runId: string | null;
  status: ApprovalStatus;
  requestedBy: string | null;
  payload: Record<string, unknown>;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  decisionSource: DecisionSource | null;
  reason: string | null;
  slackChannel: string | null;
  slackTs: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The human who clicked (or typed): never a model, never text from a page or an email. */
export interface Actor {
  /** Slack user id, or `cli:<os user>`. */
  id: string;
  name?: string;
  source: DecisionSource;
}

export interface DecideInput {
  kind: ApprovalKind;
  subjectId: string;
  decision: 'approved' | 'rejected';
  actor: Actor;
  reason?: string;
  at: Date;
}

export type DecideResult =
  | { applied: true; record: ApprovalRecord }
  /** Someone already decided: nothing changed; `record` says who and when. */
  | { applied: false; record: ApprovalRecord };

/** `approval_requests` (implemented in src/db). Decisions are atomic pending → approved/rejected transitions. */
export interface ApprovalRepo {
  /** Creates the request if none exists for (kind, subjectId); returns the current row either way. */
  request(input: {
    kind: ApprovalKind;
    subjectId: string;
    runId?: string | null;
    requestedBy?: string | null;
    payload?: Record<string, unknown>;
    at: Date;
  }): Promise<ApprovalRecord>;
  get(kind: ApprovalKind, subjectId: string): Promise<ApprovalRecord | undefined>;
  getById(id: number): Promise<ApprovalRecord | undefined>;
  decide(input: DecideInput): Promise<DecideResult>;
  /** Re-opens a decided request (a rejected draft regenerated, a lead sent back for review). */
  reopen(kind: ApprovalKind, subjectId: string, at: Date): Promise<ApprovalRecord | undefined>;
  attachMessage(kind: ApprovalKind, subjectId: string, channel: string, ts: string, at: Date): Promise<void>;
  listPending(options?: { kind?: ApprovalKind; limit?: number }): Promise<ApprovalRecord[]>;
  /** The requests whose card lives in this Slack message (a page of lead cards), oldest first. */
  listByMessage(channel: string, ts: string): Promise<ApprovalRecord[]>;
}

/** Runs `fn` in one database transaction (all repos share the connection). Synchronous by design. */
export type Transaction = <T>(fn: () => Promise<T>) => Promise<T>;

/** True only when a human decided "approved" through a human surface. */
export function isHumanApproval(record: ApprovalRecord | undefined): boolean {
  return (
    record !== undefined &&
    record.status === 'approved' &&
    record.decidedBy !== null &&
    record.decidedAt !== null &&
    (record.decisionSource === 'slack' || record.decisionSource === 'cli' || record.decisionSource === 'workspace')
  );
}
