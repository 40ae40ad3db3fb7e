import type { BlockAction, App as BoltApp, ButtonAction } from '@slack/bolt';
import type { SendResolution } from '../../pipeline/outreach/resolve.js';
import { type Block, context, escLine } from '../blocks/common.js';
import { buildSendReviewBlocks, SENDING_ACTIONS, sendReviewText } from '../blocks/sending.js';
import { actorOf } from '../deps.js';
import type { TurnDeps } from '../turn.js';
import { guardedClick, tellClicker, whereClicked } from './common.js';

/** Resend / Mark as sent / Cancel on a send that may have left, and Resume on a paused sender's alert. */
export function registerSendingActions(bolt: BoltApp, deps: TurnDeps): void {
  const { io, useCases } = deps;

  const resolution =
    (action: SendResolution) => async (args: { ack: () => Promise<void>; body: BlockAction; action: ButtonAction }) => {
      await args.ack();
      const where = whereClicked(args.body);
      await guardedClick(deps, args.body, async () => {
        const out = await useCases.resolveSend(
          { eventId: Number(args.action.value), action },
          actorOf(args.body.user, deps),
        );
        if (where.channel && where.ts)
          await io.exclusive(`msg:${where.channel}:${where.ts}`, () =>
            io.update(where.channel!, where.ts!, sendReviewText(out.review), buildSendReviewBlocks(out.review)),
          );
        if (!out.applied) await tellClicker(deps, where, args.body.user.id, escLine(out.message));
      });
    };
  bolt.action<BlockAction<ButtonAction>>(SENDING_ACTIONS.resend, (args) => resolution('resend')(args));
  bolt.action<BlockAction<ButtonAction>>(SENDING_ACTIONS.markSent, (args) => resolution('mark_sent')(args));
  bolt.action<BlockAction<ButtonAction>>(SENDING_ACTIONS.cancel, (args) => resolution('cancel')(args));

  bolt.action<BlockAction<ButtonAction>>(SENDING_ACTIONS.resumeSender, async ({ ack, body, action }) => {
    await ack();
    const where = whereClicked(body);
    await guardedClick(deps, body, async () => {
      const out = await useCases.resumeSender({ name: action.value ?? '' }, actorOf(body.user, deps));
      const blocks = ((body.message?.blocks ?? []) as Block[]).filter(
        (b) => !(b.type === 'actions' && b.block_id === `sender:${action.value}`),
      );
      const text = (body.message as { text?: string } | undefined)?.text ?? 'Sender paused';
      if (where.channel && where.ts)
        await io.exclusive(`msg:${where.channel}:${where.ts}`, () =>
          io.update(where.channel!, where.ts!, text, [
            ...blocks,
            context(`:white_check_mark: ${escLine(out.message)}`),
          ]),
        );
      if (!out.resumed) await tellClicker(deps, where, body.user.id, escLine(out.message));
    });
  });
}
