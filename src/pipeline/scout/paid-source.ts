import { AppError } from '../../errors.js';
import { describeRefusal } from '../costs/pause.js';
import { lookupOnce, type WaterfallSpend } from '../enrichment/paid.js';
import type { CompanySource } from './ports.js';

/**
 * One search or lookup at a Scout source, held to the paid-vendor budget and priced by directives/costs.md; a free
 * source is simply called. A refusal is AppError('budget_exhausted'), which the provider guard turns into a skip for
 * the rest of the run: the search goes on with the free sources.
 * @throws whatever the call throws.
 */
export async function buySourceCall<T>(
  source: CompanySource,
  what: 'search' | 'lookup',
  spend: WaterfallSpend | undefined,
  companyId: number | null,
  call: () => Promise<T>,
): Promise<{ value: T; costUsd: number }> {
  const outcome = await lookupOnce(
    spend,
    {
      provider: source.name,
      key: null,
      step: `${source.name}.${what}`,
      companyId,
      credits: () => source.creditsPerCall ?? 1,
      found: (v) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null),
    },
    call,
  );
  if (outcome.status === 'paused')
    throw new AppError('budget_exhausted', `${describeRefusal(outcome.refusal)}; searched the free sources only`, {
      details: { refusal: outcome.refusal },
    });
  return { value: outcome.value, costUsd: outcome.costUsd };
}
