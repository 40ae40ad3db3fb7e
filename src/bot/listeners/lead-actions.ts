import type { BlockAction, App as BoltApp, ButtonAction } from '@slack/bolt';
import { escLine } from '../blocks/common.js';
import { decisionMrkdwn } from '../blocks/decision.js';
import { buildBatchBlocks, LEAD_ACTIONS, leadIdsInBlocks } from '../blocks/lead-cards.js';
import { buildRejectLeadModal, decodeRef, inputValue, VIEWS } from '../blocks/modals.js';
import { decodeBatch } from '../cards.js';
import { actorOf } from '../deps.js';
import type { TurnDeps } from '../turn.js';
import { guarded, guardedClick, tellClicker, whereClicked } from './common.js';

/**
 * Gate 1 buttons. Approve records the decision and updates the card in place; Reject asks for an optional reason
 * first. A second click, a click on an old message or after a restart only says who decided and when. Who may
 * decide is the application layer's policy; a refusal is told privately.
 */
export function registerLeadActions(bolt: BoltApp, deps: TurnDeps): void {
  const { cards, io, useCases } = deps;
  const tz = deps.config.schedules.timezone;

  const decide = async (
    companyId: number,
    decision: 'approved' | 'rejected',
    user: { id: string; username?: string; name?: string },
    where: { channel?: string; ts?: string; threadTs?: string; pageIds?: number[] },
    reason?: string,
  ) => {
    // The card showed what the CRM said, and its Approve asked for a confirmation where that matters.
    const out = await useCases.decideLead({ companyId, decision, reason, crmConfirmed: true }, actorOf(user, deps));
    if (where.channel && where.ts) {
      const page = where.pageIds?.length ? where.pageIds : [companyId];
      await cards.refreshLeadPage(where.channel, where.ts, page);
    }
    const stored = out.approval;
    if (stored.slackTs && stored.slackTs !== where.ts) await cards.refreshLead(companyId);
    if (!out.applied)
      await tellClicker(
        deps,
        where,
        user.id,
        `${escLine(out.company.name)}: ${decisionMrkdwn(out.approval, tz)}. Nothing changed.`,
      );
  };

  bolt.action<BlockAction<ButtonAction>>(LEAD_ACTIONS.approve, async ({ ack, body, action }) => {
    await ack();
    const pageIds = leadIdsInBlocks(body.message?.blocks);
    await guardedClick(deps, body, () =>
      decide(Number(action.value), 'approved', body.user, { ...whereClicked(body), pageIds }),
    );
  });

  bolt.action<BlockAction<ButtonAction>>(LEAD_ACTIONS.reject, async ({ ack, body, action, client }) => {
    await ack();
    await guardedClick(deps, body, async () => {
      const companyId = Number(action.value);
      // The same check the decision makes, before asking for a reason nobody could submit.
      await useCases.check('decide_lead', actorOf(body.user, deps));
      const company = await useCases.cards.company(companyId);
      if (!company) return;
      const where = whereClicked(body);
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildRejectLeadModal(company.name, {
          id: companyId,
          channel: where.channel,
          ts: where.ts,
          pageIds: leadIdsInBlocks(body.message?.blocks),
        }),
      });
    });
  });

  bolt.view(VIEWS.rejectLead, async ({ ack, view, body }) => {
    await ack();
    const ref = decodeRef(view.private_metadata);
    if (!ref) return;
    const reason = inputValue(view.state.values as never, 'reason');
    await guarded(deps, { userId: body.user.id, where: ref }, () =>
      decide(ref.id, 'rejected', body.user, ref, reason?.trim()),
    );
  });

  bolt.action<BlockAction<ButtonAction>>(LEAD_ACTIONS.approveAllHigh, async ({ ack, body, action }) => {
    await ack();
    const where = whereClicked(body);
    const batch = where.channel ? decodeBatch(where.channel, action.value ?? '') : undefined;
    if (!batch || !where.channel || !where.ts) return;
    await guardedClick(deps, body, async () => {
      const ids = batch.pages.flatMap((p) => p.ids);
      const { approved } = await useCases.approveAllHigh({ companyIds: ids }, actorOf(body.user, deps));
      for (const page of batch.pages) await cards.refreshLeadPage(batch.channel, page.ts, page.ids);
      const n = approved.length;
      const done = `:white_check_mark: <@${body.user.id}> approved ${n} high-tier lead${n === 1 ? '' : 's'}${n ? ' · finding contacts next' : ''}`;
      await io.exclusive(`msg:${where.channel}:${where.ts}`, () =>
        io.update(where.channel!, where.ts!, done, buildBatchBlocks(0, ids.length, '', done)),
      );
    });
  });
}
