import type { BudgetRefusal, LookupRepo } from './ports.js';
import type { PriceBook } from './prices.js';
import type { Spending } from './spending.js';

export interface PaidLookupDeps {
  spending: Spending;
  prices: () => PriceBook;
  lookups: LookupRepo;
  /** How many days a bought answer is reused instead of bought again (0: never). */
  reuseDays: number;
  now: () => Date;
}

export interface PaidLookupRequest<T> {
  provider: string;
  /** What is looked up ("domain:acme.example", "email:dana@acme.example"); null: never reused. */
  key: string | null;
  step: string;
  runId: string | null;
  companyId: number | null;
  /** Credits the vendor charged for this answer (the adapter counts them by the vendor's own rules). */
  credits: (value: T) => number | undefined;
  /** Whether the answer gave something usable: a paid answer that did not is waste. */
  found: (value: T) => boolean;
}

export type PaidOutcome<T> =
  | { status: 'done'; value: T; costUsd: number; credits: number; reusedFrom?: Date }
  | { status: 'paused'; refusal: BudgetRefusal };

const DAY_MS = 86_400_000;

/**
 * One vendor lookup, paid once: a free provider is simply called; a paid one is answered from leadbot's records when
 * it was bought within the reuse window, otherwise its most expensive outcome is reserved against the budgets (a
 * refusal comes back as 'paused' and nothing is called), the call is made, and the reservation is settled on the
 * credits actually charged. The answer is kept for next time.
 * @throws whatever the call throws (its reservation is released first).
 */
export async function paidLookup<T>(
  request: PaidLookupRequest<T>,
  call: () => Promise<T>,
  deps: PaidLookupDeps,
): Promise<PaidOutcome<T>> {
  const price = deps.prices().vendor(request.provider);
  if (!price) return { status: 'done', value: await call(), costUsd: 0, credits: 0 };
  const reuse = request.key !== null && deps.reuseDays > 0;
  if (reuse) {
    const since = new Date(deps.now().getTime() - deps.reuseDays * DAY_MS);
    const kept = await deps.lookups.find(request.provider, request.key!, since);
    if (kept) return { status: 'done', value: kept.answer as T, costUsd: 0, credits: 0, reusedFrom: kept.createdAt };
  }
  const reserved = await deps.spending.reserve({
    kind: 'vendor',
    provider: request.provider,
    step: request.step,
    runId: request.runId,
    companyId: request.companyId,
    amountUsd: price.maxCredits * price.usdPerCredit,
  });
  if (!reserved.ok) return { status: 'paused', refusal: reserved.refusal };
  let value: T;
  try {
    value = await call();
  } catch (err) {
    await deps.spending.settle(reserved.ticket, { costUsd: 0, result: 'error', credits: 0 });
    throw err;
  }
  const credits = Math.max(0, request.credits(value) ?? price.maxCredits);
  const costUsd = credits * price.usdPerCredit;
  await deps.spending.settle(reserved.ticket, { costUsd, credits, result: request.found(value) ? 'found' : 'empty' });
  if (reuse)
    await deps.lookups.save(request.provider, request.key!, {
      answer: value,
      costUsd,
      runId: request.runId,
      createdAt: deps.now(),
    });
  return { status: 'done', value, costUsd, credits };
}
