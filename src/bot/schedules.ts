import cron, { type ScheduledTask } from 'node-cron';
import { systemActor } from '../app/actor.js';
import { formatDigest } from '../app/digest/format.js';
import { isAppError } from '../errors.js';
import { TERMINAL_RUN_STATUSES } from '../pipeline/runs/ports.js';
import { escLine } from './blocks/common.js';
import { textSections } from './blocks/reply.js';
import { alertChannel } from './notifications.js';
import type { TurnDeps } from './turn.js';

const MINUTE = 60_000;
/** A digest counts as missed once its time is this far past without a post. */
const CATCH_UP_GRACE_MS = 2 * MINUTE;
/** How far back a missed digest is looked for (a week covers any weekly schedule). */
const LOOKBACK_MINUTES = 8 * 24 * 60;
/** Runs whose completion may reveal a pattern worth a lesson. */
const LESSON_KINDS = new Set(['search', 'enrich', 'write', 'import']);

export interface Schedules {
  /** Posts a digest now (the cron job and the missed-digest catch-up call this). */
  postDigest(reason: 'scheduled' | 'missed'): Promise<void>;
  /** Scans for lessons now and posts new proposals. */
  scanLessons(): Promise<void>;
  stop(): Promise<void>;
}

/** The most recent minute the cron expression fired at or before `now` (within a week), if any. */
export function lastFireTime(task: Pick<ScheduledTask, 'match'>, now: Date): Date | undefined {
  const start = Math.floor(now.getTime() / MINUTE) * MINUTE;
  for (let i = 0; i <= LOOKBACK_MINUTES; i++) {
    const t = new Date(start - i * MINUTE);
    if (task.match(t)) return t;
  }
  return undefined;
}

/** Scheduled work: once per fire time across all instances, not retried (the next fire time does it again). */
const SCHEDULED = { retryLimit: 0, retryDelaySeconds: 0, expireInSeconds: 110, policy: 'keyed' } as const;

/**
 * leadbot's clock, kept by the job queue so each fire time runs on one instance however many there are: the digest
 * on DIGEST_CRON (a digest missed while leadbot was down is posted once at startup), due outreach on OUTREACH_CRON,
 * replies from IMAP every five minutes when IMAP_URL is set, a lesson scan every hour and after runs that can teach
 * one. A failing job is logged and reported, never fatal.
 */
export function startSchedules(deps: TurnDeps): Schedules {
  const { useCases, io, config, logger, cluster } = deps;
  const tz = config.schedules.timezone;

  const report = async (job: string, err: unknown) => {
    logger.error({ err, job }, 'scheduled job failed');
    const channel = alertChannel(deps);
    const message = escLine(err instanceof Error ? err.message : String(err));
    if (channel)
      await io.post({ channel, text: `:warning: Scheduled job *${job}* failed: ${message}` }).catch(() => {});
  };
  const guarded = (job: string, fn: () => Promise<unknown>) => async () => {
    try {
      await fn();
    } catch (err) {
      // Another instance is doing the same work right now (an outreach pass): nothing went wrong.
      if (isAppError(err) && err.details?.leased) logger.info({ job }, err.message);
      else await report(job, err);
    }
  };
  const registered: Promise<void>[] = [];
  const every = (job: string, expression: string, fn: (firedAt: Date) => Promise<unknown>) => {
    const name = `schedule-${job}`;
    registered.push(
      (async () => {
        await cluster.jobs.register<{ firedAt?: string }>(name, SCHEDULED, ({ data }) =>
          guarded(job, () => fn(data.firedAt ? new Date(data.firedAt) : deps.now()))(),
        );
        await cluster.jobs.schedule(name, expression, tz);
      })().catch((err) => logger.error({ err, job }, 'scheduling failed')),
    );
  };

  /**
   * Posts the digest, once per due time across instances: under the `digest` lease, skipped when one was posted at
   * or after `due` (another instance, or a retry, got there first). Without `due` (asked for), it always posts.
   */
  const postDigest = async (reason: 'scheduled' | 'missed', due?: Date) => {
    const channel = config.slack.digestChannel;
    if (!channel) return;
    const turn = await cluster.exclusively('digest', async () => {
      const last = await useCases.surface.lastDigestAt();
      if (due && last && last >= due) return;
      const text = formatDigest(await useCases.digest({}, systemActor('digest')));
      const posted = reason === 'missed' ? `${text}\n_(posted at startup: leadbot was down at digest time)_` : text;
      await io.post({ channel, text: posted, blocks: textSections(posted) });
      await useCases.surface.recordDigestPosted();
      logger.info({ channel, reason, due: due?.toISOString() }, 'digest posted');
    });
    if (!turn.ran && !due) throw new Error('another leadbot instance is posting the digest right now');
  };

  let scanning: Promise<void> | undefined;
  const scanLessons = () => {
    scanning ??= (async () => {
      try {
        await useCases.scanLessons({}, systemActor('lessons'));
      } finally {
        scanning = undefined;
      }
    })();
    return scanning;
  };

  const digestTask = cron.createTask(config.schedules.digestCron, () => {}, { timezone: tz });
  // The due time is the fire time the job is for (pg-boss does not say it: the last one at or before now).
  every('digest', config.schedules.digestCron, (firedAt) =>
    postDigest('scheduled', lastFireTime(digestTask, firedAt) ?? firedAt),
  );
  every('outreach', config.schedules.outreachCron, () =>
    useCases.runStage({ stage: 'outreach' }, systemActor('outreach')),
  );
  if (config.mail.imapUrl)
    every('track', '*/5 * * * *', () => useCases.runStage({ stage: 'track' }, systemActor('imap')));
  // CRM writes catch up every minute (a CRM outage never holds up sending: writes wait in the outbox).
  if (config.crm.hubspot) every('crm', '* * * * *', () => useCases.syncCrm({}, systemActor('crm')));
  every('lessons', '17 * * * *', scanLessons);
  every('prune', '43 3 * * *', () => useCases.surface.pruneEvents(new Date(deps.now().getTime() - 7 * 86_400_000)));

  // A lesson can only show up after work finished: scan a few seconds after such runs end (bursts collapse).
  let lessonTimer: NodeJS.Timeout | undefined;
  const off = useCases.events.onRun((run) => {
    if (!LESSON_KINDS.has(run.kind) || !TERMINAL_RUN_STATUSES.includes(run.status)) return;
    clearTimeout(lessonTimer);
    lessonTimer = setTimeout(() => void guarded('lessons', scanLessons)(), 5000);
    lessonTimer.unref();
  });

  // Catch up once on a digest missed while leadbot was down (never on the very first start); with several instances
  // starting together, the lease and the due check let one of them post it.
  const catchUp = (async () => {
    await Promise.all(registered);
    await cluster.jobs.start();
    const last = await useCases.surface.lastDigestAt();
    if (!last) return useCases.surface.recordDigestPosted();
    // Only a digest whose time is a while past: a recent one is the scheduler's to post (another instance may be up).
    const due = lastFireTime(digestTask, new Date(deps.now().getTime() - CATCH_UP_GRACE_MS));
    if (due && due > last) await guarded('digest', () => postDigest('missed', due))();
  })().catch((err) => logger.error({ err }, 'missed-digest check failed'));

  return {
    postDigest,
    scanLessons,
    async stop() {
      off();
      clearTimeout(lessonTimer);
      void digestTask.destroy();
      await scanning?.catch(() => {});
      await catchUp;
    },
  };
}
