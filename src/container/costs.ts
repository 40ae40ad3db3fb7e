import type { Notifier } from '../app/notifier.js';
import type { Config } from '../config.js';
import { createModelMeter, type ModelMeter } from '../pipeline/costs/model-meter.js';
import type { PaidLookupDeps } from '../pipeline/costs/paid-lookup.js';
import type { LookupRepo, SpendRepo } from '../pipeline/costs/ports.js';
import { loadPriceBook, type PriceBook } from '../pipeline/costs/prices.js';
import { createSpending, type Spending } from '../pipeline/costs/spending.js';
import type { DirectiveStore } from '../pipeline/directives/store.js';

/** Prices, budgets and the spend ledger, wired once. */
export interface CostWiring {
  spend: SpendRepo;
  lookups: LookupRepo;
  spending: Spending;
  /** Prices from directives/costs.md (re-read when the file changes). */
  prices: () => PriceBook;
  /** What the enrichment waterfall and paid Scout sources need to pay once and within budget. */
  paid: PaidLookupDeps;
  /** Holds every model call to the model budgets and prices it. */
  meter: ModelMeter;
}

/** Wires costs: a limit reached is announced once ('budgetReached') for the surfaces to tell the team. */
export function wireCosts(input: {
  config: Config;
  spend: SpendRepo;
  lookups: LookupRepo;
  directives: DirectiveStore;
  notifier: Notifier;
  now: () => Date;
}): CostWiring {
  const { config, spend, lookups, directives, notifier, now } = input;
  const prices = () => loadPriceBook(directives);
  const spending = createSpending({
    spend,
    limits: config.costs.budgets,
    timeZone: config.schedules.timezone,
    now,
    onLimitReached: (refusal) => notifier.emit('budgetReached', refusal),
  });
  const { llm } = config;
  const model = {
    provider: llm.provider,
    name: llm.provider === 'ollama' ? llm.ollamaModel : llm.openaiModel,
  };
  return {
    spend,
    lookups,
    spending,
    prices,
    paid: { spending, prices, lookups, reuseDays: config.costs.lookupReuseDays, now },
    meter: createModelMeter({ spending, prices, model, maxOutputTokens: llm.maxOutputTokens }),
  };
}
