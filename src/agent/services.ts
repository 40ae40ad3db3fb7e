import type { ApprovalKind, ApprovalRecord } from '../pipeline/approvals/ports.js';
import type { Lead, LeadFilter } from '../pipeline/companies/ports.js';
import type { ContactRecord } from '../pipeline/contacts/ports.js';
import type { CrmCompanyState } from '../pipeline/crm/check.js';
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
  /** What the CRM knows of it (null when no CRM is configured). */
  crm: CrmCompanyState | null;
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
 * What the router's tier-2 intents and the agent's tools may call, as `ctx.actor`: every call is authorized by the
 * application layer's policy (a refusal is an AppError('forbidden') the conversation words as an answer). Nothing
 * here approves, sends without a recorded approval or suppresses: those become approval requests.
 */
export interface LeadbotServices {
  searchCompanies(args: SearchArgs, ctx: TurnContext): Promise<SearchOutcome>;
  listLeads(filter: LeadFilter, ctx: TurnContext): Promise<Lead[]>;
  companyInfo(name: string, ctx: TurnContext): Promise<CompanyInfo | undefined>;
  listDrafts(filter: { status?: DraftStatus[]; limit?: number }, ctx: TurnContext): Promise<DraftRecord[]>;
  pipelineStatus(ctx: TurnContext): Promise<PipelineStatus>;
  winRates(industry: string | undefined, ctx: TurnContext): Promise<WinRateRow[]>;
  runStage(stage: Stage, ctx: TurnContext): Promise<StageOutcome>;
  explainRun(runId: string, ctx: TurnContext): Promise<{ run: RunRecord; logs: RunLogEntry[] } | undefined>;
  digest(ctx: TurnContext): Promise<string>;
  /** Records a request for a human decision (buttons); the caller never decides it. */
  requestApproval(
    input: { kind: ApprovalKind; subjectId: string; payload?: Record<string, unknown>; runId?: string },
    ctx: TurnContext,
  ): Promise<ApprovalRecord>;
}
