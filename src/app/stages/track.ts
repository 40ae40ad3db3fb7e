import { createHash } from 'node:crypto';
import type { StageOutcome } from '../../agent/services.js';
import type { Container } from '../../container/index.js';
import { isAppError } from '../../errors.js';
import type { RunHandle } from '../../pipeline/runs/recorder.js';
import { oldestSendAwaitingReply } from '../../pipeline/tracker/awaiting-reply.js';
import { findStuckWork, type StuckWork } from '../../pipeline/tracker/health.js';
import type { IngestResult } from '../../pipeline/tracker/ingest.js';
import { type PollResult, pollImap } from '../../providers/mail/imap-poller.js';
import { ingestOne, parseReply } from '../replies/ingest.js';
import { describeStuck } from '../runs/stuck.js';
import { plural, runFields } from './common.js';
import type { StageRequest } from './run-stage.js';

/** What the track stage reports (`run-stage track --json`, under `data`). */
export interface TrackStageData {
  /** Null when no IMAP mailbox is configured. */
  imap: (PollResult & { unreadable: number }) | null;
  replies: { eventId: number; classification: string; matched: boolean; duplicate: boolean; effect: string }[];
  stuck: StuckWork;
}

const NO_IMAP =
  'No IMAP mailbox is configured (IMAP_URL), so no replies were read; ' +
  'feed a reply in with: leadbot ingest-reply FILE.eml';

/**
 * The track stage: reads new replies from IMAP_URL (when set) and applies each one (stop, pause, alert, win rates),
 * then looks for stuck work. Without IMAP it says how to feed replies instead.
 * @throws AppError('provider_failed') when the IMAP server cannot be reached (the run is marked failed).
 */
export async function runTrack(
  app: Container,
  request: StageRequest,
): Promise<StageOutcome & { data: TrackStageData }> {
  const run = await app.recorder.start({
    kind: 'track',
    ...runFields(request),
    input: { imap: Boolean(app.config.mail.imapUrl) },
  });
  request.onRunStarted?.(run.id);
  return continueTrack(app, run);
}

/** The track stage within `run` (a new run, or one resumed after a restart: replies are read once by Message-ID). */
export async function continueTrack(app: Container, run: RunHandle): Promise<StageOutcome & { data: TrackStageData }> {
  try {
    const replies: IngestResult[] = [];
    const imap = app.config.mail.imapUrl ? await readMailbox(app, app.config.mail.imapUrl, run, replies) : null;
    await run.stage('health');
    const stuck = await findStuckWork({
      companies: app.repos.companies,
      contacts: app.repos.contacts,
      drafts: app.repos.drafts,
      outreach: app.outreach.outreach,
      now: app.now,
    });
    const data: TrackStageData = {
      imap,
      replies: replies.map((r) => ({
        eventId: r.eventId,
        classification: r.classification.classification,
        matched: r.matched,
        duplicate: r.duplicate,
        effect: r.effect,
      })),
      stuck,
    };
    const summary = summarizeTrack(data);
    await run.complete(summary);
    return { runId: run.id, summary, data };
  } catch (err) {
    await run.fail(err);
    throw err;
  }
}

async function readMailbox(app: Container, url: string, run: RunHandle, replies: IngestResult[]) {
  await run.stage('imap');
  let unreadable = 0;
  const polled = await pollImap(url, {
    state: app.repos.state,
    now: app.now,
    logger: app.logger,
    firstPollSince: () => oldestSendAwaitingReply(app.outreach.outreach),
    onMessage: async ({ uid, source }) => {
      let msg: Awaited<ReturnType<typeof parseReply>>;
      try {
        msg = await parseReply(source);
      } catch (err) {
        // A message that is not mail would block the mailbox forever if retried: record it and move on.
        if (!isAppError(err, 'invalid_input')) throw err;
        unreadable++;
        await run.log({
          kind: 'event',
          name: 'tracker.unreadable',
          status: 'skipped',
          input: { uid },
          error: err.message,
        });
        await keepUnreadable(app, source, err.message);
        return;
      }
      replies.push((await ingestOne(app, msg, run, 'imap')).result);
    },
  });
  return { ...polled, unreadable };
}

function summarizeTrack(data: TrackStageData): string {
  const parts: string[] = [];
  if (!data.imap) parts.push(NO_IMAP);
  else {
    const fresh = data.replies.filter((r) => !r.duplicate);
    const byClass = new Map<string, number>();
    for (const r of fresh) byClass.set(r.classification, (byClass.get(r.classification) ?? 0) + 1);
    const classes = [...byClass].map(([c, n]) => `${n} ${c.replace(/_/g, ' ')}`).join(' · ');
    parts.push(
      fresh.length > 0 ? `Read ${plural(fresh.length, 'new reply', 'new replies')} (${classes})` : 'No new replies',
    );
    if (data.imap.failed > 0) parts.push(`${data.imap.failed} could not be processed (retried next time)`);
    if (data.imap.unreadable > 0) parts.push(`${data.imap.unreadable} unreadable message(s) kept for review`);
  }
  const stuck = describeStuck(data.stuck);
  parts.push(stuck.length > 0 ? `Stuck: ${stuck.join(', ')}` : 'Nothing stuck');
  return parts.join(' · ');
}

/** An unreadable message is kept (bytes and reason) for a person, once per content. */
async function keepUnreadable(app: Container, source: Buffer, reason: string): Promise<void> {
  await app.outreach.issues.record(
    {
      key: `sha256:${createHash('sha256').update(source).digest('hex')}`,
      reason: 'unreadable',
      detail: reason,
      source: 'imap',
      messageId: null,
      sender: null,
      subject: null,
      classification: null,
      eventId: null,
      raw: source.toString('latin1').slice(0, 200_000),
      receivedAt: null,
    },
    app.now(),
  );
}
