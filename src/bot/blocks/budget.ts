import type { RaisedBudget } from '../../app/budgets.js';
import { formatUsd } from '../../pipeline/costs/format.js';
import { describeRefusal } from '../../pipeline/costs/pause.js';
import type { BudgetRefusal } from '../../pipeline/costs/ports.js';
import { actions, type Block, context, escLine, section } from './common.js';

export const BUDGET_ACTIONS = { raise: 'budget_raise' } as const;

/** What the Raise button carries: which budget. */
export interface RaiseTarget {
  kind: BudgetRefusal['kind'];
  scope: BudgetRefusal['scope'];
  runId?: string;
}

const what = (kind: BudgetRefusal['kind']) => (kind === 'vendor' ? 'Paid lookups' : 'Model calls');

/** A spend limit was reached: the numbers, what waits, and a button to raise the limit (approvers only). */
export function buildBudgetReachedBlocks(refusal: BudgetRefusal): Block[] {
  const target: RaiseTarget = {
    kind: refusal.kind,
    scope: refusal.scope,
    ...(refusal.scope === 'run' ? { runId: refusal.key } : {}),
  };
  const label = refusal.scope === 'day' ? "Raise today's limit" : "Raise this run's limit";
  return [
    section(
      `:moneybag: *${escLine(describeRefusal(refusal).replace(/^./, (c) => c.toUpperCase()))}*\n` +
        `${what(refusal.kind)} wait; everything free goes on. ${escLine(refusal.provider)} asked for ${formatUsd(refusal.askedUsd)} more.` +
        (refusal.runId
          ? ` Run \`${escLine(refusal.runId)}\` resumes from where it stopped once the limit is raised.`
          : ''),
      'budget:head',
    ),
    actions('budget:actions', [
      { text: label, actionId: BUDGET_ACTIONS.raise, value: JSON.stringify(target), style: 'primary' },
    ]),
    context('Approvers can raise it · `leadbot costs` shows what was spent on what'),
  ];
}

/** The notification text (also rendered by Slack). */
export const budgetReachedText = (refusal: BudgetRefusal) =>
  `${what(refusal.kind)} paused: ${escLine(describeRefusal(refusal))}`;

/** The card after an approver raised the limit. */
export function buildBudgetRaisedBlocks(raised: RaisedBudget, userId: string): Block[] {
  const whose =
    raised.scope === 'day'
      ? `Today's ${raised.kind === 'vendor' ? 'paid-vendor' : 'model'} limit`
      : `Run \`${escLine(raised.key)}\`'s limit`;
  const resumed =
    raised.resumed.length > 0
      ? `Resuming ${raised.resumed.map((id) => `\`${escLine(id)}\``).join(', ')}.`
      : 'No run was waiting for it.';
  return [
    section(
      `:white_check_mark: ${whose} raised to ${formatUsd(raised.limitUsd)} by <@${userId}> (spent ${formatUsd(raised.spentUsd)}). ${resumed}`,
      'budget:head',
    ),
  ];
}
