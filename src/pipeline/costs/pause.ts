import type { RunRecord } from '../runs/ports.js';
import type { RunHandle } from '../runs/recorder.js';
import type { BudgetRefusal } from './ports.js';

/** The checkpoint key of a run waiting for a budget: the refusal, for the surfaces and the resume. */
export const BUDGET_PAUSE_CHECKPOINT = 'budgetPause';

/** Leaves a run waiting for a budget: the refusal in its checkpoint, status awaiting_approval, the summary saying why. */
export async function pauseForBudget(
  run: Pick<RunHandle, 'checkpoint' | 'awaitApproval'>,
  refusal: BudgetRefusal,
  summary: string,
): Promise<void> {
  await run.checkpoint({ [BUDGET_PAUSE_CHECKPOINT]: refusal });
  await run.awaitApproval(summary);
}

/** The refusal a run is waiting on, when it waits for a budget. */
export function budgetPauseOf(run: Pick<RunRecord, 'status' | 'checkpoint'>): BudgetRefusal | undefined {
  if (run.status !== 'awaiting_approval') return undefined;
  const pause = run.checkpoint[BUDGET_PAUSE_CHECKPOINT];
  return pause && typeof pause === 'object' ? (pause as BudgetRefusal) : undefined;
}

/** Clears the wait when the run continues. */
export async function clearBudgetPause(run: Pick<RunHandle, 'checkpoint'>): Promise<void> {
  await run.checkpoint({ [BUDGET_PAUSE_CHECKPOINT]: null });
}

/** "today's model budget is spent ($2.00 of $2.00)": the words shown to people. */
export function describeRefusal(refusal: BudgetRefusal): string {
  const what = refusal.kind === 'model' ? 'model' : 'paid-vendor';
  const whose = refusal.scope === 'day' ? `today's ${what} budget` : `this run's ${what} budget`;
  return `${whose} is spent ($${refusal.spentUsd.toFixed(2)} of $${refusal.limitUsd.toFixed(2)})`;
}
