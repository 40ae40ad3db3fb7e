import type { BlockAction, App as BoltApp, ButtonAction } from '@slack/bolt';
import { isAppError } from '../../errors.js';
import { escLine } from '../blocks/common.js';
import { buildLessonBlocks, LESSON_ACTIONS, lessonText } from '../blocks/lesson-card.js';
import { buildInfoModal } from '../blocks/modals.js';
import { buildDismissedBlocks, buildRequestBlocks, REPLY_ACTIONS } from '../blocks/reply.js';
import { buildRunTimelineBlocks, RUN_ACTIONS } from '../blocks/run-status.js';
import { actorOf } from '../deps.js';
import { handleTurn, type TurnDeps } from '../turn.js';
import { guardedClick, tellClicker, whereClicked } from './common.js';

const requestIdsIn = (blocks: readonly { block_id?: string }[] | undefined) =>
  (blocks ?? []).flatMap((b) => {
    const m = /^request:(\d+):head$/.exec(b.block_id ?? '');
    return m ? [Number(m[1])] : [];
  });

/** Confirm / Dismiss on requests, Apply / Dismiss on lessons, clarifying choices, run Details and Retry. */
export function registerOtherActions(bolt: BoltApp, deps: TurnDeps): void {
  const { io, cards, useCases } = deps;
  const tz = deps.config.schedules.timezone;

  /** Rebuilds a message of request cards, keeping the text that introduced them. */
  const refreshRequests = async (body: BlockAction, dismissed?: number) => {
    const where = whereClicked(body);
    if (!where.channel || !where.ts) return;
    const blocks = (body.message?.blocks ?? []) as { block_id?: string; type: string }[];
    const intro = blocks.filter((b) => !b.block_id?.startsWith('request:'));
    const requestCards = await useCases.cards.requests(requestIdsIn(blocks));
    const cardsBlocks = requestCards.flatMap((card) =>
      card.request.id === dismissed && card.request.status === 'pending'
        ? buildDismissedBlocks(card, body.user.id)
        : buildRequestBlocks(card, tz),
    );
    const text = (body.message as { text?: string } | undefined)?.text ?? 'Approval requests';
    await io.exclusive(`msg:${where.channel}:${where.ts}`, () =>
      io.update(where.channel!, where.ts!, text, [...(intro as never[]), ...cardsBlocks].slice(0, 50)),
    );
  };

  bolt.action<BlockAction<ButtonAction>>(REPLY_ACTIONS.confirmRequest, async ({ ack, body, action }) => {
    await ack();
    await guardedClick(deps, body, async () => {
      const out = await useCases.decideRequest({ requestId: Number(action.value) }, actorOf(body.user, deps));
      const { request } = out;
      if (out.applied && request.kind === 'lead') await cards.refreshLead(Number(request.subjectId));
      if (out.applied && request.kind === 'draft') await cards.refreshDraft(Number(request.subjectId));
      await refreshRequests(body);
      await tellClicker(deps, whereClicked(body), body.user.id, escLine(out.message));
    });
  });

  bolt.action<BlockAction<ButtonAction>>(REPLY_ACTIONS.dismissRequest, async ({ ack, body, action }) => {
    await ack();
    await guardedClick(deps, body, async () => {
      const request = await useCases.dismissRequest({ requestId: Number(action.value) }, actorOf(body.user, deps));
      await refreshRequests(body, request.id);
    });
  });

  bolt.action<BlockAction<ButtonAction>>(
    new RegExp(`^${REPLY_ACTIONS.choice}_\\d+$`),
    async ({ ack, body, action }) => {
      await ack();
      const where = whereClicked(body);
      if (!where.channel || !action.value) return;
      const thread = where.threadTs ?? where.ts;
      await handleTurn(
        {
          text: action.value,
          userId: body.user.id,
          channel: where.channel,
          threadTs: thread,
          conversationKey: `slack:${where.channel}:${thread}`,
          teamId: body.user.team_id ?? body.team?.id,
        },
        deps,
      );
    },
  );

  const lessonDecision =
    (decision: 'apply' | 'dismiss') =>
    async (args: { ack: () => Promise<void>; body: BlockAction; action: ButtonAction }) => {
      await args.ack();
      const lessonId = Number(args.action.value);
      const where = whereClicked(args.body);
      await guardedClick(deps, args.body, async () => {
        const out = await useCases.decideLesson({ lessonId, decision }, actorOf(args.body.user, deps));
        const view = await useCases.cards.lesson(lessonId);
        if (view && where.channel && where.ts) {
          if (!view.slack) await useCases.cards.recordLesson({ lessonId, channel: where.channel, ts: where.ts });
          await io.exclusive(`msg:${where.channel}:${where.ts}`, () =>
            io.update(where.channel!, where.ts!, lessonText(view), buildLessonBlocks(view)),
          );
        }
        if (out.outcome !== 'applied' && out.outcome !== 'dismissed')
          await tellClicker(deps, where, args.body.user.id, escLine(out.message));
      });
    };
  bolt.action<BlockAction<ButtonAction>>(LESSON_ACTIONS.apply, (args) => lessonDecision('apply')(args));
  bolt.action<BlockAction<ButtonAction>>(LESSON_ACTIONS.dismiss, (args) => lessonDecision('dismiss')(args));

  bolt.action<BlockAction<ButtonAction>>(
    new RegExp(`^(${RUN_ACTIONS.details}|home_run_details_.+)$`),
    async ({ ack, body, action, client }) => {
      await ack();
      await guardedClick(deps, body, async () => {
        const details = await useCases.runDetails({ runId: action.value ?? '' }, actorOf(body.user, deps));
        const blocks = details
          ? buildRunTimelineBlocks(details.run, details.logs, details.spend)
          : [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'That run no longer exists.' } }];
        const title = `Run ${details?.run.kind ?? ''}`;
        await client.views.open({ trigger_id: body.trigger_id, view: buildInfoModal(title, blocks) });
      });
    },
  );

  bolt.action<BlockAction<ButtonAction>>(RUN_ACTIONS.retry, async ({ ack, body, action }) => {
    await ack();
    const where = whereClicked(body);
    const runId = action.value ?? '';
    await guardedClick(deps, body, async () => {
      let text: string;
      try {
        const done = await useCases.retryRun({ runId }, actorOf(body.user, deps));
        text = `:repeat: Run \`${runId}\` retried from where it stopped: ${escLine(done.summary ?? done.status)}`;
      } catch (err) {
        if (isAppError(err, 'forbidden')) throw err;
        if (isAppError(err, 'not_found', 'conflict')) text = escLine(err.message);
        else {
          deps.logger.error({ err, runId }, 'retry failed');
          text = `:warning: The retry of run \`${runId}\` failed${isAppError(err) ? `: ${escLine(err.message)}` : ''}. Everything done before is kept.`;
        }
      }
      if (where.channel) await io.post({ channel: where.channel, threadTs: where.threadTs ?? where.ts, text });
    });
  });
}
