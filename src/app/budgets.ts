import type { Container } from '../container/index.js';
import { AppError } from '../errors.js';
import { budgetPauseOf } from '../pipeline/costs/pause.js';
import { budgetScope, type SpendKind } from '../pipeline/costs/ports.js';
import type { Actor } from './actor.js';
import type { Flow } from './flow.js';
import { authorize, type PolicyDeps } from './policy.js';

export interface BudgetDeps extends Pick<Container, 'costs' | 'repos' | 'now'> {
  policy: PolicyDeps;
  flow: Flow;
}

export interface RaiseBudgetInput {
  kind: SpendKind;
  /** Today's limit (default), or one run's. */
  scope?: 'day' | 'run';
  runId?: string;
  /** The new limit in USD; default: the current limit plus the configured one (today's limit doubles). */
  toUsd?: number;
}

export interface RaisedBudget {
  kind: SpendKind;
  scope: 'day' | 'run';
  /** The day or the run id. */
  key: string;
  previousUsd: number | null;
  limitUsd: number;
  spentUsd: number;
  /** Runs that were waiting for this budget and now continue. */
  resumed: string[];
}

const round = (usd: number) => Math.round(usd * 100) / 100;

/**
 * Raises today's (or a run's) spend limit for paid vendors or the model, and resumes the runs that waited for it
 * from where they stopped (in the background; the flow's `idle()` waits for them).
 * @throws AppError('forbidden') for someone who is not an approver; ('invalid_input') for a limit not above what is
 * already spent, or a run scope without a run id.
 */
export async function raiseBudget(input: RaiseBudgetInput, actor: Actor, deps: BudgetDeps): Promise<RaisedBudget> {
  await authorize(actor, 'raise_budget', deps.policy);
  const scope = input.scope ?? 'day';
  if (scope === 'run' && !input.runId) throw new AppError('invalid_input', 'Say which run: a run limit needs its id.');
  const key = scope === 'day' ? deps.costs.spending.today() : input.runId!;
  const configured = deps.costs.spending.limits(input.kind)[scope === 'day' ? 'dailyUsd' : 'runUsd'];
  const stored = await deps.costs.spend.budget(budgetScope(scope, key), input.kind);
  const spentUsd = stored?.committedUsd ?? 0;
  const previousUsd = stored?.limitUsd ?? configured;
  const base = previousUsd ?? 0;
  const limitUsd = round(input.toUsd ?? Math.max(base, spentUsd) + (configured ?? Math.max(base, 1)));
  if (!(limitUsd > spentUsd))
    throw new AppError(
      'invalid_input',
      `The new limit ($${limitUsd.toFixed(2)}) must be above what is already spent ($${spentUsd.toFixed(2)}).`,
    );
  await deps.costs.spend.setLimit(budgetScope(scope, key), input.kind, limitUsd, deps.now());
  const waiting = (await deps.repos.runs.list({ limit: 500, status: ['awaiting_approval'] })).filter((run) => {
    const pause = budgetPauseOf(run);
    if (!pause || pause.kind !== input.kind) return false;
    return scope === 'day' ? pause.scope === 'day' : pause.scope === 'run' && pause.key === key;
  });
  const resumed = waiting.map((r) => r.id);
  if (resumed.length > 0) void deps.flow.resumeWaiting(resumed);
  return { kind: input.kind, scope, key, previousUsd, limitUsd, spentUsd, resumed };
}
