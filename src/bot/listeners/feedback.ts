import type { BlockAction, App as BoltApp } from '@slack/bolt';
import {
  buildFeedbackReasonModal,
  decodeFeedbackRef,
  FEEDBACK_ACTION,
  FEEDBACK_REASON_VIEW,
  parseFeedbackValue,
} from '../blocks/feedback.js';
import { inputValue } from '../blocks/modals.js';
import { actorOf } from '../deps.js';
import type { TurnDeps } from '../turn.js';
import { guarded, guardedClick, tellClicker, whereClicked } from './common.js';

/**
 * The feedback buttons under agent answers: a click records the verdict against the answer's run; "Not helpful"
 * then asks why in a modal (optional), and the reason is added to the same verdict.
 */
export function registerFeedback(bolt: BoltApp, deps: TurnDeps): void {
  const { useCases } = deps;

  bolt.action<BlockAction>(FEEDBACK_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    const parsed = parseFeedbackValue((action as { value?: string }).value);
    if (!parsed) return;
    const where = whereClicked(body);
    const thread = { channel: where.channel, threadTs: where.threadTs ?? where.ts };
    await guardedClick(deps, body, async () => {
      await useCases.recordFeedback(parsed, actorOf(body.user, deps));
      if (parsed.verdict === 'helpful') {
        await tellClicker(deps, thread, body.user.id, 'Thanks — glad it helped. Noted against this answer.');
        return;
      }
      try {
        await client.views.open({
          trigger_id: body.trigger_id,
          view: buildFeedbackReasonModal({ runId: parsed.runId, ...thread }),
        });
      } catch (err) {
        deps.logger.debug({ err }, 'feedback reason modal not opened');
        await tellClicker(deps, thread, body.user.id, 'Thanks — noted. Tell me in this thread what went wrong.');
      }
    });
  });

  bolt.view(FEEDBACK_REASON_VIEW, async ({ ack, view, body }) => {
    await ack();
    const ref = decodeFeedbackRef(view.private_metadata);
    const reason = inputValue(view.state.values as never, 'reason');
    if (!ref || !reason) return;
    await guarded(deps, { userId: body.user.id, where: ref }, async () => {
      await useCases.recordFeedback({ runId: ref.runId, reason }, actorOf(body.user, deps));
    });
  });
}
