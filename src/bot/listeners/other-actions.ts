import type { BlockAction, App as BoltApp, ButtonAction } from '@slack/bolt';
import { requestDecisionDeps } from '../../app/decisions.js';
import { isAppError } from '../../errors.js';
import { decideRequest, proposedDecision } from '../../pipeline/approvals/decide-request.js';
import { decideLesson } from '../../pipeline/lessons/decide.js';
import { attachLessonMessage, viewLesson } from '../../pipeline/lessons/propose.js';
import { escLine } from '../blocks/common.js';
import { buildLessonBlocks, LESSON_ACTIONS, lessonText } from '../blocks/lesson-card.js';
import { buildInfoModal } from '../blocks/modals.js';
import { buildDismissedBlocks, buildRequestBlocks, REPLY_ACTIONS } from '../blocks/reply.js';
import { buildRunTimelineBlocks, RUN_ACTIONS } from '../blocks/run-status.js';
import { actorOf, isApprover } from '../deps.js';
import { requestLabel } from '../requests.js';
import { retryRun } from '../retry.js';
import { handleTurn, type TurnDeps } from '../turn.js';
import { refuse, whereClicked } from './common.js';

const requestIdsIn = (blocks: readonly { block_id?: string }[] | undefined) =>
  (blocks ?? []).flatMap((b) => {
    const m = /^request:(\d+):head$/.exec(b.block_id ?? '');
    return m ? [Number(m[1])] : [];
  });

/** Confirm / Dismiss on requests, Apply / Dismiss on lessons, clarifying choices, run Details and Retry. */
export function registerOtherActions(bolt: BoltApp, deps: TurnDeps): void {
  const { app, io, cards } = deps;
  const tz = app.config.schedules.timezone;

  /** Rebuilds a message of request cards, keeping the text that introduced them. */
  const refreshRequests = async (body: BlockAction, dismissed?: number) => {
    const where = whereClicked(body);
    if (!where.channel || !where.ts) return;
    const blocks = (body.message?.blocks ?? []) as { block_id?: string; type: string }[];
    const intro = blocks.filter((b) => !b.block_id?.startsWith('request:'));
    const cardsBlocks = requestIdsIn(blocks).flatMap((id) => {
      const request = app.repos.approvals.getById(id);
      if (!request) return [];
      const card = { request, label: requestLabel(request, deps) };
      return id === dismissed && request.status === 'pending'
        ? buildDismissedBlocks(card, body.user.id)
        : buildRequestBlocks(card, tz);
    });
    const text = (body.message as { text?: string } | undefined)?.text ?? 'Approval requests';
    await io.exclusive(`msg:${where.channel}:${where.ts}`, () =>
      io.update(where.channel!, where.ts!, text, [...(intro as never[]), ...cardsBlocks].slice(0, 50)),
    );
  };

  bolt.action<BlockAction<ButtonAction>>(REPLY_ACTIONS.confirmRequest, async ({ ack, body, action }) => {
    await ack();
    if (!isApprover(body.user.id, deps)) return refuse(deps, body, 'confirm this');
    const request = app.repos.approvals.getById(Number(action.value));
    if (!request) return;
    const decision = proposedDecision(request);
    try {
      const out = decideRequest(
        { requestId: request.id, decision, actor: actorOf(body.user, deps) },
        requestDecisionDeps(app),
      );
      if (out.applied && request.kind === 'lead') {
        deps.flow.leadDecided(Number(request.subjectId), decision);
        await cards.refreshLead(Number(request.subjectId));
      }
      if (out.applied && request.kind === 'draft' && decision === 'approved') {
        await deps.flow.draftApproved(Number(request.subjectId));
        await cards.refreshDraft(Number(request.subjectId));
      }
      await refreshRequests(body);
      const where = whereClicked(body);
      if (where.channel) await io.ephemeral(where.channel, body.user.id, escLine(out.message), where.threadTs);
    } catch (err) {
      if (!isAppError(err)) throw err;
      const where = whereClicked(body);
      if (where.channel)
        await io.ephemeral(where.channel, body.user.id, `:warning: ${escLine(err.message)}`, where.threadTs);
    }
  });

  bolt.action<BlockAction<ButtonAction>>(REPLY_ACTIONS.dismissRequest, async ({ ack, body, action }) => {
    await ack();
    await refreshRequests(body, Number(action.value));
  });

  bolt.action<BlockAction<ButtonAction>>(
    new RegExp(`^${REPLY_ACTIONS.choice}_\\d+$`),
    async ({ ack, body, action }) => {
      await ack();
      const where = whereClicked(body);
      if (!where.channel || !action.value) return;
      const dm = where.channel.startsWith('D');
      const thread = where.threadTs ?? (dm ? undefined : where.ts);
      await handleTurn(
        {
          text: action.value,
          userId: body.user.id,
          channel: where.channel,
          threadTs: thread,
          conversationKey: dm ? `slack:${where.channel}` : `slack:${where.channel}:${thread}`,
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
      const out = decideLesson(
        { lessonId, decision, actor: actorOf(args.body.user, deps) },
        {
          lessons: app.repos.lessons,
          approvals: app.repos.approvals,
          directives: app.directives,
          tx: app.tx,
          now: app.now,
          approverUserIds: app.config.slack.approverUserIds,
        },
      );
      const where = whereClicked(args.body);
      const view = viewLesson(lessonId, { lessons: app.repos.lessons, approvals: app.repos.approvals });
      if (view && where.channel && where.ts) {
        if (!view.slack)
          attachLessonMessage(
            lessonId,
            { channel: where.channel, ts: where.ts },
            { ...app.repos, tx: app.tx, now: app.now },
          );
        await io.exclusive(`msg:${where.channel}:${where.ts}`, () =>
          io.update(where.channel!, where.ts!, lessonText(view), buildLessonBlocks(view)),
        );
      }
      if (where.channel && out.outcome !== 'applied' && out.outcome !== 'dismissed')
        await io.ephemeral(where.channel, args.body.user.id, escLine(out.message), where.threadTs);
    };
  bolt.action<BlockAction<ButtonAction>>(LESSON_ACTIONS.apply, (args) => lessonDecision('apply')(args));
  bolt.action<BlockAction<ButtonAction>>(LESSON_ACTIONS.dismiss, (args) => lessonDecision('dismiss')(args));

  bolt.action<BlockAction<ButtonAction>>(
    new RegExp(`^(${RUN_ACTIONS.details}|home_run_details_.+)$`),
    async ({ ack, body, action, client }) => {
      await ack();
      const run = app.repos.runs.get(action.value ?? '');
      const blocks = run
        ? buildRunTimelineBlocks(run, app.repos.runs.logs(run.id))
        : [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'That run no longer exists.' } }];
      await client.views.open({ trigger_id: body.trigger_id, view: buildInfoModal(`Run ${run?.kind ?? ''}`, blocks) });
    },
  );

  bolt.action<BlockAction<ButtonAction>>(RUN_ACTIONS.retry, async ({ ack, body, action }) => {
    await ack();
    if (!isApprover(body.user.id, deps)) return refuse(deps, body, 'retry runs');
    const where = whereClicked(body);
    const text = await retryRun(action.value ?? '', deps);
    if (where.channel) await io.post({ channel: where.channel, threadTs: where.threadTs ?? where.ts, text });
  });
}
