import { originOf } from '../app/origin.js';
import { attachLessonMessage, viewLesson } from '../pipeline/lessons/propose.js';
import { buildHotLeadBlocks, hotLeadText } from './blocks/alert.js';
import { escLine } from './blocks/common.js';
import { buildLessonBlocks, lessonText } from './blocks/lesson-card.js';
import type { Where } from './cards.js';
import type { TurnDeps } from './turn.js';

/** The channel for alerts and lesson proposals: ALERT_CHANNEL, else DIGEST_CHANNEL, else LEADS_CHANNEL. */
export function alertChannel(deps: TurnDeps): string | undefined {
  const s = deps.app.config.slack;
  return s.alertChannel ?? s.digestChannel ?? s.leadsChannel;
}

/**
 * What the pipeline tells Slack without a message to answer: hot leads to ALERT_CHANNEL, new drafts as Gate 2
 * cards in the thread of the search that found the company, sent drafts marked on their cards, lesson proposals
 * with Apply / Dismiss. Returns a function that unsubscribes.
 */
export function subscribeNotifications(deps: TurnDeps): () => void {
  const { app, io, cards } = deps;
  const { notifier, repos, logger } = app;

  /** Where a run's output goes: its own thread, else the leads channel. */
  const whereFor = (runId: string | null): Where | undefined => {
    const origin = originOf(app, runId);
    if (origin.slackChannel) return { channel: origin.slackChannel, threadTs: origin.slackThreadTs ?? undefined };
    const fallback = app.config.slack.leadsChannel ?? app.config.slack.digestChannel;
    return fallback ? { channel: fallback } : undefined;
  };

  const offs = [
    notifier.on('hotLead', async (alert) => {
      const channel = alertChannel(deps);
      if (!channel) {
        logger.warn({ company: alert.companyName }, 'hot lead, but no ALERT_CHANNEL or DIGEST_CHANNEL to post it to');
        return;
      }
      await io.post({ channel, text: hotLeadText(alert), blocks: buildHotLeadBlocks(alert) });
    }),
    notifier.on('draftsReady', async ({ draftIds, runId }) => {
      const where = whereFor(runId);
      if (!where) return;
      const fresh = draftIds.filter((id) => !repos.drafts.get(id)?.slackTs);
      if (fresh.length === 0) return;
      await io.post({ ...where, text: `${fresh.length} draft${fresh.length === 1 ? '' : 's'} ready for review` });
      await cards.postDrafts(fresh, where);
    }),
    notifier.on('leadsFound', async ({ runId, companyIds }) => {
      // A search resumed after a restart: its cards go to the thread that asked, if they were never posted.
      const where = whereFor(runId);
      const fresh = companyIds.filter((id) => !repos.approvals.get('lead', String(id))?.slackTs);
      const leads = repos.companies.listLeads({ ids: fresh, limit: fresh.length });
      if (where && leads.length > 0) await cards.postLeads(leads, where);
    }),
    notifier.on('draftsSent', async ({ draftIds }) => {
      for (const id of draftIds) await cards.refreshDraft(id);
    }),
    notifier.on('lessonProposed', async ({ lessonId }) => {
      const channel = alertChannel(deps);
      const view = viewLesson(lessonId, { lessons: repos.lessons, approvals: repos.approvals });
      if (!channel || !view || view.slack) return;
      const ts = await io.post({
        channel,
        text: lessonText(view),
        blocks: buildLessonBlocks(view),
      });
      if (ts) attachLessonMessage(lessonId, { channel, ts }, { ...repos, tx: app.tx, now: app.now });
    }),
    notifier.on('runFailed', async ({ runId, error }) => {
      const run = repos.runs.get(runId);
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
    app.recorder.subscribe((run) => {
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
