import type { ApprovalKind, ApprovalRecord } from '../pipeline/approvals/ports.js';
import type { Lead, LeadFilter } from '../pipeline/companies/ports.js';
import type { ContactRecord } from '../pipeline/contacts/ports.js';
import type { DraftRecord, DraftStatus, WinRateRow } from '../pipeline/drafts/ports.js';
import type { RunLogEntry, RunRecord } from '../pipeline/runs/ports.js';
import type { TurnContext } from './ports.js';

export const STAGES = ['score', 'enrich', 'write', 'outreach', 'track'] as const;
export type Stage = (typeof STAGES)[number];

export interface SearchArgs {
  industry: string;
  location: string;
  count: number;
  /** Company ids already shown in this conversation ("more" must bring new ones). */
  exclude?: number[];
}

export interface SearchOutcome {
  runId: string;
  leads: Lead[];
  /** One line: "10 of 10 found · Apollo skipped: 403 plan has no API access". */
  summary: string;
}

export interface CompanyInfo {
  lead: Lead;
  contacts: ContactRecord[];
  drafts: DraftRecord[];
}

export interface PipelineStatus {
  leads: Record<string, number>;
  contacts: number;
  drafts: Record<string, number>;
  sent: number;
  replies: number;
  awaitingApproval: number;
  activeRuns: RunRecord[];
}

export interface StageOutcome {
  runId: string;
  summary: string;
  data?: unknown;
}

/**
 * What the router's tier-2 intents and the agent's tools may call. Read-only queries and stages that stop at a
 * human gate; nothing here sends an email, approves or suppresses without a recorded human decision.
 * Services for stages not built yet throw AppError('not_found', '<stage> is not available yet').
 */
export interface LeadbotServices {
  searchCompanies(args: SearchArgs, ctx: TurnContext): Promise<SearchOutcome>;
  listLeads(filter: LeadFilter): Lead[];
  companyInfo(name: string): CompanyInfo | undefined;
  listDrafts(filter: { status?: DraftStatus[]; limit?: number }): DraftRecord[];
  pipelineStatus(): PipelineStatus;
  winRates(industry?: string): WinRateRow[];
  runStage(stage: Stage, ctx: TurnContext): Promise<StageOutcome>;
  explainRun(runId: string): { run: RunRecord; logs: RunLogEntry[] } | undefined;
  digest(ctx: TurnContext): Promise<string>;
  /** Records a request for a human decision (buttons); the caller never decides it. */
  requestApproval(input: {
    kind: ApprovalKind;
    subjectId: string;
    payload?: Record<string, unknown>;
    requestedBy: string;
    runId?: string;
  }): ApprovalRecord;
}
