import type { BlockAction, App as BoltApp, ButtonAction } from '@slack/bolt';
import { SPEND_KINDS } from '../../pipeline/costs/ports.js';
import { BUDGET_ACTIONS, buildBudgetRaisedBlocks, type RaiseTarget } from '../blocks/budget.js';
import { actorOf } from '../deps.js';
import type { TurnDeps } from '../turn.js';
import { guardedClick, whereClicked } from './common.js';

/** Reads the Raise button's value; undefined for anything that is not one of ours. */
function targetOf(value: string | undefined): RaiseTarget | undefined {
  try {
    const t = JSON.parse(value ?? '') as RaiseTarget;
    if (!(SPEND_KINDS as readonly string[]).includes(t.kind) || (t.scope !== 'day' && t.scope !== 'run')) return;
    return t;
  } catch {
    return undefined;
  }
}

/** "Raise today's limit" on a budget card: the use case decides who may (approvers), then the card says who did. */
export function registerBudgetActions(bolt: BoltApp, deps: TurnDeps): void {
  bolt.action<BlockAction<ButtonAction>>(BUDGET_ACTIONS.raise, async ({ ack, body, action }) => {
    await ack();
    const target = targetOf(action.value);
    if (!target) return;
    await guardedClick(deps, body, async () => {
      const raised = await deps.useCases.raiseBudget(target, actorOf(body.user, deps));
      const where = whereClicked(body);
      if (where.channel && where.ts)
        await deps.io.exclusive(`msg:${where.channel}:${where.ts}`, () =>
          deps.io.update(
            where.channel!,
            where.ts!,
            'Spend limit raised',
            buildBudgetRaisedBlocks(raised, body.user.id),
          ),
        );
    });
  });
}
