import { buildComplaintBlocks, buildHotLeadBlocks, complaintText, hotLeadText } from './blocks/alert.js';
import { budgetReachedText, buildBudgetReachedBlocks } from './blocks/budget.js';
import { escLine } from './blocks/common.js';
import { buildImportSummaryBlocks, importSummaryText } from './blocks/import-summary.js';
import { buildLessonBlocks, lessonText } from './blocks/lesson-card.js';
import {
  buildSenderPausedBlocks,
  buildSendReviewBlocks,
  senderFailingText,
  senderPausedText,
  sendReviewText,
} from './blocks/sending.js';
import type { Where } from './cards.js';
import type { TurnDeps } from './turn.js';

/** The channel for alerts and lesson proposals: ALERT_CHANNEL, else DIGEST_CHANNEL, else LEADS_CHANNEL. */
export function alertChannel(deps: TurnDeps): string | undefined {
  const s = deps.config.slack;
  return s.alertChannel ?? s.digestChannel ?? s.leadsChannel;
}

/**
 * What the pipeline tells Slack without a message to answer: hot leads to ALERT_CHANNEL, new drafts as Gate 2
 * cards in the thread of the search that found the company, sent drafts marked on their cards, lesson proposals
 * with Apply / Dismiss. Returns a function that unsubscribes.
 */
export function subscribeNotifications(deps: TurnDeps): () => void {
  const { io, cards, logger, useCases } = deps;
  const { events } = useCases;

  /** Where a run's output goes: its own thread, else the leads channel. */
  const whereFor = async (runId: string | null): Promise<Where | undefined> => {
    const run = runId ? await useCases.surface.getRun(runId) : undefined;
    if (run?.slackChannel) return { channel: run.slackChannel, threadTs: run.slackThreadTs ?? undefined };
    const fallback = deps.config.slack.leadsChannel ?? deps.config.slack.digestChannel;
    return fallback ? { channel: fallback } : undefined;
  };
  const unposted = async (ids: number[], posted: (id: number) => Promise<boolean>) => {
    const fresh: number[] = [];
    for (const id of ids) if (!(await posted(id))) fresh.push(id);
    return fresh;
  };

  const offs = [
    events.on('hotLead', async (alert) => {
      const channel = alertChannel(deps);
      if (!channel) {
        logger.warn({ company: alert.companyName }, 'hot lead, but no ALERT_CHANNEL or DIGEST_CHANNEL to post it to');
        return;
      }
      // With a CRM the alert says a deal is being opened, and gains its link when it is (crmDealOpened).
      const deal = await useCases.surface.crmDeal(alert.sequenceId);
      const ts = await io.post({ channel, text: hotLeadText(alert), blocks: buildHotLeadBlocks(alert, deal) });
      if (ts && deal) await useCases.surface.recordHotLeadMessage({ channel, ts, alert });
    }),
    events.on('crmDealOpened', async ({ sequenceId, crm, crmId, url }) => {
      const posted = await useCases.surface.hotLeadMessage(sequenceId);
      if (!posted) return;
      const { channel, ts, alert } = posted;
      await io.update(channel, ts, hotLeadText(alert), buildHotLeadBlocks(alert, { crm, deal: { crmId, url } }));
    }),
    events.on('budgetReached', async (refusal) => {
      const channel = alertChannel(deps);
      if (!channel) {
        logger.warn({ refusal }, 'a spend limit was reached, but no ALERT_CHANNEL or DIGEST_CHANNEL to say so in');
        return;
      }
      await io.post({ channel, text: budgetReachedText(refusal), blocks: buildBudgetReachedBlocks(refusal) });
    }),
    events.on('complaint', async (alert) => {
      const channel = alertChannel(deps);
      if (!channel) {
        logger.warn({ address: alert.address }, 'spam complaint, but no ALERT_CHANNEL or DIGEST_CHANNEL to post it to');
        return;
      }
      await io.post({ channel, text: complaintText(alert), blocks: buildComplaintBlocks(alert) });
    }),
    events.on('senderPaused', async (alert) => {
      const channel = alertChannel(deps);
      if (!channel) return logger.warn({ sender: alert.sender }, 'sender paused, but no ALERT_CHANNEL to post it to');
      await io.post({ channel, text: senderPausedText(alert), blocks: buildSenderPausedBlocks(alert) });
    }),
    events.on('senderFailing', async (alert) => {
      const channel = alertChannel(deps);
      if (!channel) return logger.warn({ sender: alert.sender }, 'sender failing, but no ALERT_CHANNEL to post it to');
      await io.post({ channel, text: senderFailingText(alert) });
    }),
    events.on('sendNeedsReview', async ({ eventId }) => {
      const channel = alertChannel(deps);
      const review = await useCases.cards.send(eventId);
      if (!review) return;
      if (!channel) return logger.warn({ eventId }, 'a send needs review, but no ALERT_CHANNEL to post it to');
      await io.post({ channel, text: sendReviewText(review), blocks: buildSendReviewBlocks(review) });
    }),
    events.on('draftsReady', async ({ draftIds, runId }) => {
      const where = await whereFor(runId);
      if (!where) return;
      const fresh = await unposted(draftIds, useCases.surface.draftCardPosted);
      if (fresh.length === 0) return;
      await io.post({ ...where, text: `${fresh.length} draft${fresh.length === 1 ? '' : 's'} ready for review` });
      await cards.postDrafts(fresh, where);
    }),
    events.on('leadsFound', async ({ runId, companyIds }) => {
      // A search resumed after a restart: its cards go to the thread that asked, if they were never posted.
      const where = await whereFor(runId);
      const fresh = await unposted(companyIds, useCases.surface.leadCardPosted);
      const leads = (await useCases.cards.leads(fresh)).map((c) => c.lead);
      if (where && leads.length > 0) await cards.postLeads(leads, where);
    }),
    events.on('importFinished', async (done) => {
      // One message for the whole file (never a card per row); a run with a status message already ends on it.
      const run = await useCases.surface.getRun(done.runId);
      const where = await whereFor(done.runId);
      if (!where || run?.slackStatusTs) return;
      await io.post({ ...where, text: importSummaryText(done), blocks: buildImportSummaryBlocks(done) });
    }),
    events.on('draftsSent', async ({ draftIds }) => {
      for (const id of draftIds) await cards.refreshDraft(id);
    }),
    events.on('lessonProposed', async ({ lessonId }) => {
      const channel = alertChannel(deps);
      const view = await useCases.cards.lesson(lessonId);
      if (!channel || !view || view.slack) return;
      const ts = await io.post({
        channel,
        text: lessonText(view),
        blocks: buildLessonBlocks(view),
      });
      if (ts) await useCases.cards.recordLesson({ lessonId, channel, ts });
    }),
    events.on('runFailed', async ({ runId, error }) => {
      const run = await useCases.surface.getRun(runId);
      // Runs with a status message show the failure (and Retry) there; others are reported to the alert channel.
      if (run?.slackStatusTs) return;
      const channel = run?.slackChannel ?? alertChannel(deps);
      if (channel)
        await io.post({
          channel,
          threadTs: run?.slackThreadTs ?? undefined,
          text: `:warning: ${run?.kind ?? 'A background job'} failed (run \`${runId}\`): ${escLine(error)}`,
        });
    }),
  ];
  // Lead cards gain the chosen contact once enrichment has run for them.
  offs.push(
    events.onRun((run) => {
      if (run.kind !== 'enrich' || run.status !== 'completed') return;
      const ids = Array.isArray(run.input.companyIds) ? run.input.companyIds.map(Number) : [];
      void (async () => {
        for (const id of ids) await cards.refreshLead(id);
      })().catch((err) => logger.warn({ err, runId: run.id }, 'lead cards not refreshed after enrichment'));
    }),
  );
  return () => {
    for (const off of offs) off();
  };
}
