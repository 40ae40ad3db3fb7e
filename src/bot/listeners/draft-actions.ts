import type { BlockAction, App as BoltApp, ButtonAction } from '@slack/bolt';
import type { GateOutcome } from '../../pipeline/drafts/gate.js';
import { decisionMrkdwn } from '../blocks/decision.js';
import { DRAFT_ACTIONS } from '../blocks/draft-card.js';
import { buildEditDraftModal, buildRegenerateModal, decodeRef, inputValue, VIEWS } from '../blocks/modals.js';
import { actorOf } from '../deps.js';
import type { TurnDeps } from '../turn.js';
import { guarded, guardedClick, tellClicker, whereClicked } from './common.js';

type Where = { channel?: string; ts?: string; threadTs?: string };

/**
 * Gate 2 buttons: Approve & Send, Edit (a modal prefilled from the database; saving approves), Reject, Regenerate
 * (a modal with optional instructions; the new draft replaces the card). An approval sends what is due at once; a
 * second click only says who decided.
 */
export function registerDraftActions(bolt: BoltApp, deps: TurnDeps): void {
  const { cards, useCases } = deps;
  const tz = deps.config.schedules.timezone;
  const cardAt = (where: Where) => (where.channel && where.ts ? { channel: where.channel, ts: where.ts } : undefined);

  const after = async (out: GateOutcome, userId: string, where: Where) => {
    await cards.refreshDraft(out.draft.id, cardAt(where));
    if (!out.applied)
      await tellClicker(
        deps,
        where,
        userId,
        `Draft #${out.draft.id}: ${decisionMrkdwn(out.approval, tz)}. Nothing changed.`,
      );
  };

  const openModal =
    (purpose: 'edit' | 'regenerate') =>
    async (args: {
      ack: () => Promise<void>;
      body: BlockAction;
      action: ButtonAction;
      client: { views: { open(a: { trigger_id: string; view: unknown }): Promise<unknown> } };
    }) => {
      await args.ack();
      const where = whereClicked(args.body);
      await guardedClick(deps, args.body, async () => {
        const draftId = Number(args.action.value);
        const opened = await useCases.openDraft({ draftId, purpose }, actorOf(args.body.user, deps));
        if (!opened.open) {
          await cards.refreshDraft(draftId, cardAt(where));
          const { approval, draft } = opened;
          const why = approval.status === 'pending' ? `is ${draft.status}` : decisionMrkdwn(approval, tz);
          await tellClicker(deps, where, args.body.user.id, `Draft #${draft.id} ${why}. Nothing changed.`);
          return;
        }
        const ref = { id: draftId, channel: where.channel, ts: where.ts };
        await args.client.views.open({
          trigger_id: args.body.trigger_id,
          view: purpose === 'edit' ? buildEditDraftModal(opened.draft, ref) : buildRegenerateModal(opened.draft, ref),
        });
      });
    };

  const decide =
    (decision: 'approved' | 'rejected') =>
    async (args: { ack: () => Promise<void>; body: BlockAction; action: ButtonAction }) => {
      await args.ack();
      const where = whereClicked(args.body);
      await guardedClick(deps, args.body, async () => {
        const draftId = Number(args.action.value);
        const out = await useCases.decideDraft({ draftId, decision }, actorOf(args.body.user, deps));
        await after(out, args.body.user.id, where);
      });
    };

  bolt.action<BlockAction<ButtonAction>>(DRAFT_ACTIONS.approve, (args) => decide('approved')(args));
  bolt.action<BlockAction<ButtonAction>>(DRAFT_ACTIONS.reject, (args) => decide('rejected')(args));
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
    if (!ref) return;
    await guarded(deps, { userId: body.user.id, where: ref }, async () => {
      const out = await useCases.editDraft({ draftId: ref.id, subject, body: text }, actorOf(body.user, deps));
      await after(out, body.user.id, ref);
    });
  });

  bolt.view(VIEWS.regenerateDraft, async ({ ack, view, body }) => {
    await ack();
    const ref = decodeRef(view.private_metadata);
    if (!ref) return;
    const at = cardAt(ref);
    const instructions = inputValue(view.state.values as never, 'instructions')?.trim();
    await guarded(deps, { userId: body.user.id, where: ref }, async () => {
      await useCases.check('regenerate_draft', actorOf(body.user, deps));
      await cards.refreshDraft(ref.id, at, ':hourglass_flowing_sand: Regenerating…');
      try {
        const out = await useCases.regenerateDraft(
          { draftId: ref.id, instructions, card: at },
          actorOf(body.user, deps),
        );
        await cards.refreshDraft(out.draft.id, at, out.note);
      } catch (err) {
        deps.logger.error({ err, draftId: ref.id }, 'regenerate failed');
        await cards.refreshDraft(ref.id, at, ':warning: Regenerating failed; the draft is unchanged. Try again.');
      }
    });
  });
}
