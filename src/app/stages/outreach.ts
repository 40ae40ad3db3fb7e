import type { StageOutcome } from '../../agent/services.js';
import type { Container } from '../../container/index.js';
import { AppError, isAppError } from '../../errors.js';
import { isHumanApproval } from '../../pipeline/approvals/ports.js';
import { filterAsync } from '../../pipeline/async.js';
import { reconcileIntended } from '../../pipeline/outreach/reconcile.js';
import { type SendReport, sendDue } from '../../pipeline/outreach/send-due.js';
import { startSequence } from '../../pipeline/outreach/start-sequence.js';
import type { RunHandle } from '../../pipeline/runs/recorder.js';
import { exclusively } from '../cluster/exclusive.js';
import { plural, runFields } from './common.js';
import type { StageRequest } from './run-stage.js';

/** What the outreach stage reports (`run-stage outreach --json`, under `data`). */
export interface OutreachStageData {
  /** Approved drafts that got their sequence in this run. */
  queued: number[];
  /** Approved drafts that could not be queued, and why. */
  notQueued: { draftId: number; reason: string }[];
  /** Drafts whose first email left in this run. */
  firstEmails: number[];
  /** Due sends left for tomorrow because the daily cap was reached. */
  leftForTomorrow: number;
  report: SendReport;
}

export type OutreachStageOutcome = StageOutcome & { data: OutreachStageData };

/**
 * Queues a sequence for every human-approved draft that has none yet (so an approval from any surface sends), in
 * one transaction per draft. Drafts that cannot be queued (no contact email…) are reported, not thrown.
 */
async function queueApprovedDrafts(
  app: Container,
): Promise<{ queued: number[]; notQueued: OutreachStageData['notQueued'] }> {
  const queued: number[] = [];
  const notQueued: OutreachStageData['notQueued'] = [];
  for (const draft of (await app.repos.drafts.list({ status: ['approved'], limit: 10_000 })).reverse()) {
    if (await app.outreach.outreach.sequenceForDraft(draft.id)) continue;
    if (!isHumanApproval(await app.repos.approvals.get('draft', String(draft.id)))) {
      notQueued.push({ draftId: draft.id, reason: 'no recorded human approval' });
      continue;
    }
    try {
      await startSequence(draft.id, app.outreach.deps);
      queued.push(draft.id);
    } catch (err) {
      if (!isAppError(err)) throw err;
      notQueued.push({ draftId: draft.id, reason: err.message });
    }
  }
  return { queued, notQueued };
}

/**
 * The outreach stage: queues newly approved drafts, then sends every due email that passes the guardrails at this
 * moment (suppression, replies, daily cap, domain throttle). Emits 'draftsSent' for first emails that left. One pass
 * at a time across all instances (the `outreach` lease), so the daily cap and the throttle are read by one sender.
 * @throws AppError('conflict') when another instance is sending right now (its pass covers what is due).
 */
export async function runOutreach(app: Container, request: StageRequest): Promise<OutreachStageOutcome> {
  const turn = await exclusively(app.instance, 'outreach', async () => {
    const run = await app.recorder.start({ kind: 'outreach', ...runFields(request), input: {} });
    request.onRunStarted?.(run.id);
    return pass(app, run);
  });
  if (!turn.ran) throw new AppError('conflict', BUSY, { details: { leased: true } });
  return turn.value;
}

const BUSY = 'Another leadbot instance is sending right now; its pass covers what is due (try again in a minute)';

/**
 * The outreach stage within `run` (resumed after a restart or a crash). When another instance is sending right now,
 * the run completes saying its pass took over.
 */
export async function continueOutreach(app: Container, run: RunHandle): Promise<OutreachStageOutcome> {
  const turn = await exclusively(app.instance, 'outreach', () => pass(app, run));
  if (turn.ran) return turn.value;
  const summary = 'Left to the outreach pass another leadbot instance is running';
  await run.complete(summary);
  const report: SendReport = {
    sent: 0,
    cancelled: [],
    deferred: 0,
    outsideWindow: 0,
    waitingOnSender: [],
    failed: [],
    retrying: [],
    uncertain: [],
    pausedSenders: [],
    capReached: false,
    reconciled: { sent: 0, requeued: 0, uncertain: 0 },
  };
  return {
    runId: run.id,
    summary,
    data: { queued: [], notQueued: [], firstEmails: [], leftForTomorrow: 0, report },
  };
}

/**
 * One outreach pass, holding the `outreach` lease: sends left "intended" are reconciled first (only a pass records
 * them, and no other pass runs, so whoever left them died), then approved drafts are queued and due sends sent.
 */
async function pass(app: Container, run: RunHandle): Promise<OutreachStageOutcome> {
  try {
    const { outreach } = app.outreach;
    // First emails left "intended" by a dead process count as sent in this run when reconciliation finds them sent.
    const interrupted = (await outreach.listSends({ status: ['intended'], limit: 10_000 })).filter(
      (e) => (e.touch ?? 0) === 0,
    );
    const early = await reconcileNow(app, run);
    await run.stage('queue');
    const { queued, notQueued } = await queueApprovedDrafts(app);
    await run.count({ sequencesStarted: queued.length });
    await run.stage('send');
    const firstTouches = (
      await outreach.listSends({ status: ['scheduled'], dueBefore: app.now(), limit: 10_000 })
    ).filter((e) => (e.touch ?? 0) === 0);
    const report = await sendDue(app.outreach.deps, run);
    for (const k of ['sent', 'requeued', 'uncertain'] as const) report.reconciled[k] += early[k];
    const sentNow = async (events: typeof firstTouches) =>
      (await filterAsync(events, async (e) => (await outreach.getEvent(e.id))?.status === 'sent')).flatMap(
        (e) => e.draftId ?? [],
      );
    const firstEmails = await sentNow(firstTouches);
    const confirmed = (await sentNow(interrupted)).filter((id) => !firstEmails.includes(id));
    const leftForTomorrow = report.waitingOnSender.filter((w) => w.why === 'daily cap reached').length;
    const data: OutreachStageData = { queued, notQueued, firstEmails, leftForTomorrow, report };
    const summary = summarizeOutreach(data, app);
    await run.complete(summary);
    const draftIds = [...confirmed, ...firstEmails];
    if (draftIds.length > 0) await app.notifier.emit('draftsSent', { draftIds });
    // Sends the mail server turned away for now are tried again when their backoff ends, not at the next cron pass.
    const retryAt = report.retrying.map((r) => r.at.getTime());
    if (retryAt.length > 0) await app.notifier.emit('sendRetryDue', { at: new Date(Math.min(...retryAt)) });
    return { runId: run.id, summary, data };
  } catch (err) {
    await run.fail(err);
    throw err;
  }
}

/** Reconciles every send left "intended" at once, without waiting for it to age (the caller holds the lease). */
function reconcileNow(app: Container, run?: RunHandle): ReturnType<typeof reconcileIntended> {
  const { deps } = app.outreach;
  return reconcileIntended({ ...deps, limits: { ...deps.limits, reconcileAfterMs: 0 } }, run);
}

/**
 * Reconciles sends left "intended" by a dead instance, now, when no other instance is sending (undefined when one
 * is: its pass reconciles them).
 */
export async function reconcileOrphanedSends(
  app: Container,
): Promise<Awaited<ReturnType<typeof reconcileNow>> | undefined> {
  const turn = await exclusively(app.instance, 'outreach', () => reconcileNow(app));
  return turn.ran ? turn.value : undefined;
}

/** "Sent 3 · 1 deferred to tomorrow (daily cap) · 1 cancelled (suppressed) · 1 will be retried at 14:05". */
function summarizeOutreach(data: OutreachStageData, app: Container): string {
  const { report } = data;
  const followUps = report.sent - data.firstEmails.length;
  const parts: string[] = [];
  if (report.sent > 0) {
    const where = app.outreach.senders.every((s) => s.transport.name === 'outbox')
      ? ` to the outbox ${app.config.mail.outboxDir} (.eml files, nothing emailed)`
      : '';
    parts.push(`Sent ${report.sent}${followUps > 0 ? ` (${plural(followUps, 'follow-up')})` : ''}${where}`);
  }
  if (data.leftForTomorrow > 0) parts.push(`${data.leftForTomorrow} deferred to tomorrow (daily cap reached)`);
  if (report.outsideWindow > 0)
    parts.push(`${report.outsideWindow} moved into the recipient's send window (their local time)`);
  if (report.deferred > 0) parts.push(`${report.deferred} deferred (domain throttle or paused sequence)`);
  const waiting = report.waitingOnSender.filter((w) => w.why !== 'daily cap reached');
  if (waiting.length > 0)
    parts.push(
      `${waiting.length} waiting for their sender (${[...new Set(waiting.map((w) => (w.sender ? `${w.sender}: ${w.why}` : w.why)))].join('; ')})`,
    );
  if (report.cancelled.length > 0) {
    const reasons = [...new Set(report.cancelled.map((c) => c.reason.replace(/\s*\(.*\)$/, '')))];
    parts.push(`${report.cancelled.length} cancelled (${reasons.join('; ')})`);
  }
  if (report.retrying.length > 0)
    parts.push(
      `${report.retrying.length} not sent, retried later (${[...new Set(report.retrying.map((r) => r.error))].join('; ')})`,
    );
  if (report.failed.length > 0)
    parts.push(`${report.failed.length} failed (${[...new Set(report.failed.map((f) => f.error))].join('; ')})`);
  if (report.pausedSenders.length > 0) parts.push(`sender ${report.pausedSenders.join(', ')} paused (see the alert)`);
  if (report.uncertain.length > 0)
    parts.push(`${report.uncertain.length} uncertain (may have left; see leadbot outbox)`);
  if (report.reconciled.sent > 0)
    parts.push(`${report.reconciled.sent} confirmed sent after an interruption (not sent again)`);
  if (report.reconciled.uncertain > 0)
    parts.push(`${report.reconciled.uncertain} uncertain (may have left; check before resending)`);
  if (data.notQueued.length > 0)
    parts.push(
      `${plural(data.notQueued.length, 'approved draft')} not queued (${data.notQueued.map((n) => `#${n.draftId}: ${n.reason}`).join('; ')})`,
    );
  return parts.length > 0 ? parts.join(' · ') : 'Nothing due to send';
}
