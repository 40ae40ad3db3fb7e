import type { BlockAction, App as BoltApp, ButtonAction } from '@slack/bolt';
import { decideLead } from '../../pipeline/approvals/decide-lead.js';
import { escLine } from '../blocks/common.js';
import { decisionMrkdwn } from '../blocks/decision.js';
import { buildBatchBlocks, LEAD_ACTIONS, leadIdsInBlocks } from '../blocks/lead-cards.js';
import { buildRejectLeadModal, decodeRef, inputValue, VIEWS } from '../blocks/modals.js';
import { decodeBatch } from '../cards.js';
import { actorOf, isApprover } from '../deps.js';
import type { TurnDeps } from '../turn.js';
import { refuse, whereClicked } from './common.js';

/**
 * Gate 1 buttons. Approve records the decision and updates the card in place; Reject asks for an optional reason
 * first. A second click, a click on an old message or after a restart only says who decided and when.
 */
export function registerLeadActions(bolt: BoltApp, deps: TurnDeps): void {
  const { app, cards, io } = deps;
  const tz = app.config.schedules.timezone;
  const decideDeps = { companies: app.repos.companies, approvals: app.repos.approvals, tx: app.tx, now: app.now };

  const decide = async (
    companyId: number,
    decision: 'approved' | 'rejected',
    user: { id: string; username?: string; name?: string },
    where: { channel?: string; ts?: string; threadTs?: string; pageIds?: number[] },
    reason?: string,
  ) => {
    const out = decideLead({ companyId, decision, actor: actorOf(user, deps), reason }, decideDeps);
    if (out.applied) deps.flow.leadDecided(companyId, decision);
    if (where.channel && where.ts) {
      const page = where.pageIds?.length ? where.pageIds : [companyId];
      await cards.refreshLeadPage(where.channel, where.ts, page);
    }
    const stored = out.approval;
    if (stored.slackTs && stored.slackTs !== where.ts) await cards.refreshLead(companyId);
    if (!out.applied && where.channel)
      await io.ephemeral(
        where.channel,
        user.id,
        `${escLine(out.company.name)}: ${decisionMrkdwn(out.approval, tz)}. Nothing changed.`,
        where.threadTs,
      );
  };

  bolt.action<BlockAction<ButtonAction>>(LEAD_ACTIONS.approve, async ({ ack, body, action }) => {
    await ack();
    if (!isApprover(body.user.id, deps)) return refuse(deps, body, 'approve leads');
    const pageIds = leadIdsInBlocks(body.message?.blocks);
    await decide(Number(action.value), 'approved', body.user, { ...whereClicked(body), pageIds });
  });

  bolt.action<BlockAction<ButtonAction>>(LEAD_ACTIONS.reject, async ({ ack, body, action, client }) => {
    await ack();
    if (!isApprover(body.user.id, deps)) return refuse(deps, body, 'reject leads');
    const companyId = Number(action.value);
    const company = app.repos.companies.get(companyId);
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

  bolt.view(VIEWS.rejectLead, async ({ ack, view, body }) => {
    await ack();
    const ref = decodeRef(view.private_metadata);
    if (!ref || !isApprover(body.user.id, deps)) return;
    const reason = inputValue(view.state.values as never, 'reason');
    await decide(ref.id, 'rejected', body.user, ref, reason?.trim());
  });

  bolt.action<BlockAction<ButtonAction>>(LEAD_ACTIONS.approveAllHigh, async ({ ack, body, action }) => {
    await ack();
    if (!isApprover(body.user.id, deps)) return refuse(deps, body, 'approve leads');
    const where = whereClicked(body);
    const batch = where.channel ? decodeBatch(where.channel, action.value ?? '') : undefined;
    if (!batch || !where.channel || !where.ts) return;
    const ids = batch.pages.flatMap((p) => p.ids);
    const high = app.repos.companies
      .listLeads({ ids, limit: ids.length })
      .filter((l) => l.company.status === 'pending' && l.score?.tier === 'high');
    let approved = 0;
    for (const lead of high) {
      const out = decideLead(
        { companyId: lead.company.id, decision: 'approved', actor: actorOf(body.user, deps) },
        decideDeps,
      );
      if (out.applied) {
        approved++;
        deps.flow.leadDecided(lead.company.id, 'approved');
      }
    }
    for (const page of batch.pages) await cards.refreshLeadPage(batch.channel, page.ts, page.ids);
    const done = `:white_check_mark: <@${body.user.id}> approved ${approved} high-tier lead${approved === 1 ? '' : 's'}${approved ? ' · finding contacts next' : ''}`;
    await io.exclusive(`msg:${where.channel}:${where.ts}`, () =>
      io.update(where.channel!, where.ts!, done, buildBatchBlocks(0, ids.length, '', done)),
    );
  });
}
