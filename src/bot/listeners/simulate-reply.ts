import type { BlockAction, App as BoltApp, ButtonAction } from '@slack/bolt';
import { SIMULATED_KINDS, SIMULATED_LABELS, type SimulatedKind } from '../../app/replies/simulate.js';
import { isAppError } from '../../errors.js';
import { escLine } from '../blocks/common.js';
import { DRAFT_ACTIONS } from '../blocks/draft-card.js';
import { buildSimulateReplyModal, decodeRef, inputValue, VIEWS } from '../blocks/modals.js';
import { actorOf } from '../deps.js';
import type { TurnDeps } from '../turn.js';
import { guardedClick, whereClicked } from './common.js';

/**
 * Sandbox only (outbox mail, where nothing really left): "Simulate a reply" on a sent draft's card lets a person
 * answer as the recipient and watch the real Tracker classify it, stop or pause the sequence and raise alerts.
 */
export function registerSimulateReply(bolt: BoltApp, deps: TurnDeps): void {
  const { io, cards, useCases } = deps;

  bolt.action<BlockAction<ButtonAction>>(DRAFT_ACTIONS.simulateReply, async ({ ack, body, action, client }) => {
    await ack();
    await guardedClick(deps, body, async () => {
      await useCases.check('simulate_reply', actorOf(body.user, deps));
      const view = await useCases.cards.draft(Number(action.value));
      if (!view) return;
      const { draft } = view;
      const where = whereClicked(body);
      const kinds = SIMULATED_KINDS.map((k) => ({ value: k, label: SIMULATED_LABELS[k] }));
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildSimulateReplyModal(draft.id, draft.contactEmail ?? 'the contact', kinds, {
          id: draft.id,
          channel: where.channel,
          ts: where.ts,
          threadTs: where.threadTs,
        }),
      });
    });
  });

  bolt.view(VIEWS.simulateReply, async ({ ack, view, body }) => {
    await ack();
    const ref = decodeRef(view.private_metadata);
    if (!ref) return;
    const values = view.state.values as never;
    const kind = inputValue(values, 'kind') as SimulatedKind | undefined;
    if (!kind || !SIMULATED_KINDS.includes(kind)) return;
    const at = ref.channel && ref.ts ? { channel: ref.channel, ts: ref.ts } : undefined;
    let text: string;
    try {
      const out = await useCases.simulateReply(
        { draftId: ref.id, kind, text: inputValue(values, 'text') },
        actorOf(body.user, deps),
      );
      const c = out.result.classification;
      text = `:incoming_envelope: Simulated reply from ${escLine(out.from)}: *${c.classification.replace(/_/g, ' ')}* — ${escLine(out.result.effect)}`;
    } catch (err) {
      if (!isAppError(err)) deps.logger.warn({ err, draftId: ref.id }, 'simulated reply failed');
      text = `:warning: ${isAppError(err) ? escLine(err.message) : 'The simulated reply could not be processed.'}`;
    }
    if (at) {
      await io.post({ channel: at.channel, threadTs: ref.threadTs ?? at.ts, text });
      await cards.refreshDraft(ref.id, at);
    }
  });
}
