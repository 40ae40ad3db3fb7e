/** What money is spent on: paid vendors (enrichment, verification, paid Scout sources) or the language model. */
export const SPEND_KINDS = ['vendor', 'model'] as const;
export type SpendKind = (typeof SPEND_KINDS)[number];

/** A spend limit in USD per day and per run for one kind; null means no limit. */
export interface BudgetLimits {
  dailyUsd: number | null;
  runUsd: number | null;
}

/** Why a paid call was not made: the budget it would have passed, with the numbers. */
export interface BudgetRefusal {
  kind: SpendKind;
  scope: 'day' | 'run';
  /** The day (YYYY-MM-DD in TZ) or the run id whose budget is spent. */
  key: string;
  spentUsd: number;
  limitUsd: number;
  /** What the refused call would have reserved. */
  askedUsd: number;
  /** The run that was refused, when there was one. */
  runId: string | null;
  provider: string;
}

/** The budget row a scope and kind keep: "day:2026-12-07" or "run:<id>". */
export const budgetScope = (scope: 'day' | 'run', key: string) => `${scope}:${key}`;

export interface NewReservation {
  kind: SpendKind;
  provider: string;
  step: string;
  runId: string | null;
  companyId: number | null;
  /** The day whose budget it counts against (YYYY-MM-DD in TZ). */
  day: string;
  amountUsd: number;
  /** The configured limits; a limit an approver raised (stored) wins. */
  limits: BudgetLimits;
  at: Date;
}

export type ReserveResult = { ok: true; id: number } | { ok: false; refusal: BudgetRefusal };

export type SpendResult = 'found' | 'empty' | 'error';

export interface Settlement {
  costUsd: number;
  result: SpendResult;
  credits?: number | null;
  tokensIn?: number | null;
  tokensOut?: number | null;
  at: Date;
}

/** One paid call as the ledger keeps it, with the industry of the company it was for. */
export interface SpendEntry {
  id: number;
  kind: SpendKind;
  provider: string;
  step: string;
  runId: string | null;
  companyId: number | null;
  industry: string | null;
  day: string;
  reservedUsd: number;
  costUsd: number | null;
  credits: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  result: SpendResult | null;
  status: 'reserved' | 'settled';
  createdAt: Date;
}

/**
 * The spend ledger and its budgets (implemented in src/db). A reservation checks and adds to the day's and the run's
 * budget in one transaction, so limits hold across instances; settling replaces the reservation with the real cost.
 */
export interface SpendRepo {
  reserve(reservation: NewReservation): Promise<ReserveResult>;
  settle(id: number, settlement: Settlement): Promise<void>;
  /** Sets a budget's limit (an approver raising it); returns what is committed against it. */
  setLimit(scope: string, kind: SpendKind, limitUsd: number, at: Date): Promise<{ committedUsd: number }>;
  budget(scope: string, kind: SpendKind): Promise<{ committedUsd: number; limitUsd: number | null } | undefined>;
  /** True for the one caller that should tell the team this limit was reached (once per limit value). */
  claimNotice(scope: string, kind: SpendKind, limitUsd: number, at: Date): Promise<boolean>;
  /** Ledger rows created in [from, to), or of one run, oldest first. */
  entries(filter: { from?: Date; to?: Date; runId?: string }): Promise<SpendEntry[]>;
}

/** A paid answer leadbot already has. */
export interface LookupRecord {
  answer: unknown;
  costUsd: number;
  runId: string | null;
  createdAt: Date;
}

/** Paid lookups already bought, per provider and key ("domain:acme.example", "email:dana@acme.example"). */
export interface LookupRepo {
  find(provider: string, key: string, since: Date): Promise<LookupRecord | undefined>;
  save(provider: string, key: string, record: LookupRecord): Promise<void>;
}

/** Something a paid step led to, when it happened and for which industry (and run, when known). */
export interface OutcomeRow {
  at: Date;
  industry: string | null;
  runId: string | null;
}

/** What the money bought in a window: the figures cost per lead, contact, email and reply divide by. */
export interface Outcomes {
  /** Companies found (leads at Gate 1). */
  leads: OutcomeRow[];
  /** Contacts stored with an address. */
  contacts: OutcomeRow[];
  /** Emails sent (first emails and follow-ups). */
  sends: OutcomeRow[];
  /** Human replies matched to a send; `positive` for interested ones. */
  replies: (OutcomeRow & { positive: boolean })[];
}

/** Counts the trends compare between two windows. */
export interface TrendFacts {
  /** Leads decided at Gate 1 in the window. */
  decisions: { approved: number; rejected: number };
  /** Companies enrichment finished in the window: with a contact, or without one. */
  enriched: { withContact: number; without: number };
  /** Steps recorded per run kind (a stage), and how many failed. */
  steps: { stage: string; total: number; errors: number }[];
}

/** Read models for cost reports and trends (implemented in src/db). */
export interface CostReadRepo {
  outcomes(window: { from: Date; to: Date }): Promise<Outcomes>;
  trendFacts(window: { from: Date; to: Date }): Promise<TrendFacts>;
}
