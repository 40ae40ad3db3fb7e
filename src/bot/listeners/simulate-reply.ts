import type { BlockAction, App as BoltApp, ButtonAction } from '@slack/bolt';
import { SIMULATED_KINDS, SIMULATED_LABELS, type SimulatedKind, simulateReply } from '../../app/replies/simulate.js';
import { isAppError } from '../../errors.js';
import { escLine } from '../blocks/common.js';
import { DRAFT_ACTIONS } from '../blocks/draft-card.js';
import { buildSimulateReplyModal, decodeRef, inputValue, VIEWS } from '../blocks/modals.js';
import type { TurnDeps } from '../turn.js';
import { whereClicked } from './common.js';

/**
 * Sandbox only (outbox mail, where nothing really left): "Simulate a reply" on a sent draft's card lets a person
 * answer as the recipient and watch the real Tracker classify it, stop or pause the sequence and raise alerts.
 */
export function registerSimulateReply(bolt: BoltApp, deps: TurnDeps): void {
  const { app, io, cards } = deps;

  bolt.action<BlockAction<ButtonAction>>(DRAFT_ACTIONS.simulateReply, async ({ ack, body, action, client }) => {
    await ack();
    const draft = app.draftGate.review(Number(action.value)).draft;
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
      const out = await simulateReply(app, {
        draftId: ref.id,
        kind,
        text: inputValue(values, 'text'),
        requestedBy: body.user.id,
      });
      const c = out.result.classification;
      text = `:incoming_envelope: Simulated reply from ${escLine(out.from)}: *${c.classification.replace(/_/g, ' ')}* — ${escLine(out.result.effect)}`;
    } catch (err) {
      app.logger.warn({ err, draftId: ref.id }, 'simulated reply failed');
      text = `:warning: ${isAppError(err) ? escLine(err.message) : 'The simulated reply could not be processed.'}`;
    }
    if (at) {
      await io.post({ channel: at.channel, threadTs: ref.threadTs ?? at.ts, text });
      await cards.refreshDraft(ref.id, at);
    }
  });
}
