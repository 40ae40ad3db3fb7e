import { type PaidLookupDeps, type PaidLookupRequest, type PaidOutcome, paidLookup } from '../costs/paid-lookup.js';
import { describeRefusal } from '../costs/pause.js';
import type { BudgetRefusal } from '../costs/ports.js';

/** Budgets and leadbot's own records of paid lookups, for the waterfall (absent: every provider is simply called). */
export interface WaterfallSpend extends PaidLookupDeps {
  /** The run the lookups are paid for. */
  runId: string | null;
}

/** One provider or verifier call through the budgets and the records of lookups already bought. */
export function lookupOnce<T>(
  spend: WaterfallSpend | undefined,
  request: Omit<PaidLookupRequest<T>, 'runId'>,
  call: () => Promise<T>,
): Promise<PaidOutcome<T>> {
  if (!spend) return call().then((value) => ({ status: 'done', value, costUsd: 0, credits: 0 }));
  return paidLookup({ ...request, runId: spend.runId }, call, spend);
}

/** What the run log says about a lookup's cost ("$0.0245", "from leadbot's records of 2026-12-01, not bought again"). */
export function costNote(outcome: { costUsd: number; reusedFrom?: Date }): string {
  if (outcome.reusedFrom)
    return ` · from leadbot's records of ${outcome.reusedFrom.toISOString().slice(0, 10)}, not bought again`;
  return outcome.costUsd > 0 ? ` · $${outcome.costUsd.toFixed(4)}` : '';
}

/** Why a paid step waits ("hunter waits: today's paid-vendor budget is spent ($5.00 of $5.00)"). */
export function pauseNote(provider: string, refusal: BudgetRefusal): string {
  return `${provider} waits: ${describeRefusal(refusal)}`;
}
