import {
  type BudgetLimits,
  type BudgetRefusal,
  budgetScope,
  type SpendKind,
  type SpendRepo,
  type SpendResult,
} from './ports.js';

const formats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of `date` in `timeZone`, as YYYY-MM-DD (what a daily budget is kept per). */
export function dayOf(date: Date, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, format);
  }
  return format.format(date);
}

export interface SpendingDeps {
  spend: SpendRepo;
  limits: Record<SpendKind, BudgetLimits>;
  timeZone: string;
  now: () => Date;
  /** Called once per limit reached (the first refusal any instance sees), to tell the team. */
  onLimitReached?: (refusal: BudgetRefusal) => Promise<void> | void;
}

export interface SpendRequest {
  kind: SpendKind;
  provider: string;
  step: string;
  runId?: string | null;
  companyId?: number | null;
  amountUsd: number;
}

/** A reservation to settle after the call (id null: the call was free and nothing was reserved). */
export interface SpendTicket {
  id: number | null;
  reservedUsd: number;
}

export type Reserved = { ok: true; ticket: SpendTicket } | { ok: false; refusal: BudgetRefusal };

/** Budgets for paid calls: reserve before, settle after, refuse what would pass today's or the run's limit. */
export interface Spending {
  /** Today in TZ (YYYY-MM-DD). */
  today(): string;
  limits(kind: SpendKind): BudgetLimits;
  reserve(request: SpendRequest): Promise<Reserved>;
  settle(
    ticket: SpendTicket,
    settlement: {
      costUsd: number;
      result: SpendResult;
      credits?: number | null;
      tokensIn?: number | null;
      tokensOut?: number | null;
    },
  ): Promise<void>;
  /** What today's budget for a kind holds: spent (reserved or settled) and the limit in force (null: none). */
  dayStatus(kind: SpendKind): Promise<{ day: string; spentUsd: number; limitUsd: number | null }>;
}

/** Builds the budget gate over the spend ledger. */
export function createSpending(deps: SpendingDeps): Spending {
  const today = () => dayOf(deps.now(), deps.timeZone);
  const tell = async (refusal: BudgetRefusal) => {
    const scope = budgetScope(refusal.scope, refusal.key);
    if (deps.onLimitReached && (await deps.spend.claimNotice(scope, refusal.kind, refusal.limitUsd, deps.now())))
      await deps.onLimitReached(refusal);
  };
  return {
    today,
    limits: (kind) => deps.limits[kind],
    async reserve(request) {
      const amountUsd = Math.max(0, request.amountUsd);
      if (amountUsd === 0) return { ok: true, ticket: { id: null, reservedUsd: 0 } };
      const result = await deps.spend.reserve({
        kind: request.kind,
        provider: request.provider,
        step: request.step,
        runId: request.runId ?? null,
        companyId: request.companyId ?? null,
        day: today(),
        amountUsd,
        limits: deps.limits[request.kind],
        at: deps.now(),
      });
      if (result.ok) return { ok: true, ticket: { id: result.id, reservedUsd: amountUsd } };
      await tell(result.refusal);
      return result;
    },
    async settle(ticket, settlement) {
      if (ticket.id === null) return;
      await deps.spend.settle(ticket.id, { ...settlement, at: deps.now() });
    },
    async dayStatus(kind) {
      const day = today();
      const budget = await deps.spend.budget(budgetScope('day', day), kind);
      return { day, spentUsd: budget?.committedUsd ?? 0, limitUsd: budget?.limitUsd ?? deps.limits[kind].dailyUsd };
    },
  };
}
