import type { Container } from '../container/index.js';
import { AppError } from '../errors.js';
import { SPEND_KINDS, type SpendKind } from '../pipeline/costs/ports.js';
import { buildCostReport, type CostReport } from '../pipeline/costs/report.js';
import type { Actor } from './actor.js';
import { authorize, type PolicyDeps } from './policy.js';

export interface CostDeps extends Pick<Container, 'costs' | 'config' | 'now' | 'repos'> {
  policy: PolicyDeps;
}

/** Today's spend against its limit, per kind. */
export interface BudgetStatus {
  kind: SpendKind;
  day: string;
  spentUsd: number;
  limitUsd: number | null;
}

export interface CostsView extends CostReport {
  budgets: BudgetStatus[];
  /** The model leadbot uses, and whether directives/costs.md prices it (local models cost nothing). */
  model: { provider: string; priced: boolean; local: boolean };
}

const DAY_MS = 86_400_000;

/** Reads the ledger and the outcomes of a window into a cost report (no authorization: callers have checked). */
export async function collectCosts(
  deps: Pick<Container, 'costs' | 'config' | 'repos'>,
  window: { since: Date; until: Date },
) {
  const range = { from: window.since, to: window.until };
  const [entries, outcomes] = await Promise.all([deps.costs.spend.entries(range), deps.repos.costRead.outcomes(range)]);
  return buildCostReport({ ...window, timeZone: deps.config.schedules.timezone, entries, outcomes });
}

/** Today's spend and limit for paid vendors and for the model. */
export async function budgetStatus(deps: Pick<Container, 'costs'>): Promise<BudgetStatus[]> {
  return Promise.all(SPEND_KINDS.map(async (kind) => ({ kind, ...(await deps.costs.spending.dayStatus(kind)) })));
}

/**
 * What leads, contacts, emails and replies cost over the last `sinceDays` days (default 7), by day, industry, run
 * and provider, with today's budgets. Anyone in the team may read it.
 * @throws AppError('invalid_input') for a window that is not 1 to 366 days.
 */
export async function costReport(input: { sinceDays?: number }, actor: Actor, deps: CostDeps): Promise<CostsView> {
  await authorize(actor, 'read', deps.policy);
  const days = input.sinceDays ?? 7;
  if (!(days > 0 && days <= 366)) throw new AppError('invalid_input', 'The window must be 1 to 366 days.');
  const until = deps.now();
  const report = await collectCosts(deps, { since: new Date(until.getTime() - days * DAY_MS), until });
  const local = deps.config.llm.provider === 'ollama' || deps.config.llm.provider === 'none';
  return {
    ...report,
    budgets: await budgetStatus(deps),
    model: { provider: deps.costs.meter.provider, priced: deps.costs.meter.price() !== undefined, local },
  };
}
