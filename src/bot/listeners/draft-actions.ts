import type { BlockAction, App as BoltApp, ButtonAction } from '@slack/bolt';
import type { GateOutcome } from '../../pipeline/drafts/gate.js';
import { decisionMrkdwn } from '../blocks/decision.js';
import { DRAFT_ACTIONS } from '../blocks/draft-card.js';
import { buildEditDraftModal, buildRegenerateModal, decodeRef, inputValue, VIEWS } from '../blocks/modals.js';
import { actorOf, isApprover } from '../deps.js';
import type { TurnDeps } from '../turn.js';
import { refuse, whereClicked } from './common.js';

/**
 * Gate 2 buttons: Approve & Send, Edit (a modal prefilled from the database; saving approves), Reject, Regenerate
 * (a modal with optional instructions; the new draft replaces the card). Approval marks the draft ready and hands
 * it to Outreach; a second click only says who decided.
 */
export function registerDraftActions(bolt: BoltApp, deps: TurnDeps): void {
  const { app, cards, io, flow } = deps;
  const tz = app.config.schedules.timezone;
  const gate = app.draftGate;

  const after = async (
    out: GateOutcome,
    userId: string,
    where: { channel?: string; ts?: string; threadTs?: string },
  ) => {
    const at = where.channel && where.ts ? { channel: where.channel, ts: where.ts } : undefined;
    await cards.refreshDraft(out.draft.id, at);
    if (!out.applied) {
      if (where.channel)
        await io.ephemeral(
          where.channel,
          userId,
          `Draft #${out.draft.id}: ${decisionMrkdwn(out.approval, tz)}. Nothing changed.`,
          where.threadTs,
        );
      return;
    }
    if (out.approval.status === 'approved') {
      await flow.draftApproved(out.draft.id);
      await cards.refreshDraft(out.draft.id, at);
    }
  };

  const openModal =
    (kind: 'edit' | 'regenerate') =>
    async (args: {
      ack: () => Promise<void>;
      body: BlockAction;
      action: ButtonAction;
      client: { views: { open(a: { trigger_id: string; view: unknown }): Promise<unknown> } };
    }) => {
      await args.ack();
      if (!isApprover(args.body.user.id, deps)) return refuse(deps, args.body, `${kind} drafts`);
      const draft = app.repos.drafts.get(Number(args.action.value));
      if (!draft) return;
      const where = whereClicked(args.body);
      const ref = { id: draft.id, channel: where.channel, ts: where.ts };
      if (draft.status !== 'pending') {
        const { approval } = gate.review(draft.id);
        await cards.refreshDraft(
          draft.id,
          where.channel && where.ts ? { channel: where.channel, ts: where.ts } : undefined,
        );
        const why = approval.status === 'pending' ? `is ${draft.status}` : decisionMrkdwn(approval, tz);
        if (where.channel)
          await io.ephemeral(
            where.channel,
            args.body.user.id,
            `Draft #${draft.id} ${why}. Nothing changed.`,
            where.threadTs,
          );
        return;
      }
      await args.client.views.open({
        trigger_id: args.body.trigger_id,
        view: kind === 'edit' ? buildEditDraftModal(draft, ref) : buildRegenerateModal(draft, ref),
      });
    };

  bolt.action<BlockAction<ButtonAction>>(DRAFT_ACTIONS.approve, async ({ ack, body, action }) => {
    await ack();
    if (!isApprover(body.user.id, deps)) return refuse(deps, body, 'approve drafts');
    const out = gate.approveDraft(Number(action.value), actorOf(body.user, deps));
    await after(out, body.user.id, whereClicked(body));
  });

  bolt.action<BlockAction<ButtonAction>>(DRAFT_ACTIONS.reject, async ({ ack, body, action }) => {
    await ack();
    if (!isApprover(body.user.id, deps)) return refuse(deps, body, 'reject drafts');
    const out = gate.rejectDraft(Number(action.value), actorOf(body.user, deps));
    await after(out, body.user.id, whereClicked(body));
  });

  bolt.action<BlockAction<ButtonAction>>(DRAFT_ACTIONS.edit, (args) => openModal('edit')(args as never));
  bolt.action<BlockAction<ButtonAction>>(DRAFT_ACTIONS.regenerate, (args) => openModal('regenerate')(args as never));

  bolt.view(VIEWS.editDraft, async ({ ack, view, body }) => {
    const ref = decodeRef(view.private_metadata);
    const values = view.state.values as never;
    const subject = inputValue(values, 'subject')?.trim();
    const text = inputValue(values, 'body')?.trim();
    if (!subject || !text) {
      await ack({
        response_action: 'errors',
        errors: {
          ...(subject ? {} : { subject: 'A subject is required.' }),
          ...(text ? {} : { body: 'The email needs a body.' }),
        },
      });
      return;
    }
    await ack();
    if (!ref || !isApprover(body.user.id, deps)) return;
    const out = await gate.editAndApproveDraft(ref.id, { subject, body: text }, actorOf(body.user, deps));
    await after(out, body.user.id, ref);
  });

  bolt.view(VIEWS.regenerateDraft, async ({ ack, view, body }) => {
    await ack();
    const ref = decodeRef(view.private_metadata);
    if (!ref || !isApprover(body.user.id, deps)) return;
    const at = ref.channel && ref.ts ? { channel: ref.channel, ts: ref.ts } : undefined;
    await cards.refreshDraft(ref.id, at, ':hourglass_flowing_sand: Regenerating…');
    const instructions = inputValue(view.state.values as never, 'instructions')?.trim();
    try {
      const out = await gate.regenerateDraft(ref.id, { instructions }, actorOf(body.user, deps));
      if (out.applied && at) gate.attachCard(out.draft.id, at.channel, at.ts);
      await cards.refreshDraft(out.draft.id, at, out.note);
    } catch (err) {
      app.logger.error({ err, draftId: ref.id }, 'regenerate failed');
      await cards.refreshDraft(ref.id, at, ':warning: Regenerating failed; the draft is unchanged. Try again.');
    }
  });
}
