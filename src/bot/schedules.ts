import cron, { type ScheduledTask } from 'node-cron';
import { systemActor } from '../app/actor.js';
import { formatDigest } from '../app/digest/format.js';
import { TERMINAL_RUN_STATUSES } from '../pipeline/runs/ports.js';
import { escLine } from './blocks/common.js';
import { textSections } from './blocks/reply.js';
import { alertChannel } from './notifications.js';
import type { TurnDeps } from './turn.js';

const MINUTE = 60_000;
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

/**
 * leadbot's clock: the digest on DIGEST_CRON (a digest missed while leadbot was down is posted once at startup),
 * due outreach on OUTREACH_CRON, replies from IMAP every five minutes when IMAP_URL is set, a lesson scan every hour
 * and after runs that can teach one. Jobs never overlap; a failing job is logged and reported, never fatal.
 */
export function startSchedules(deps: TurnDeps): Schedules {
  const { useCases, io, config, logger } = deps;
  const tz = config.schedules.timezone;
  const tasks: ScheduledTask[] = [];

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
      await report(job, err);
    }
  };
  const every = (job: string, expression: string, fn: () => Promise<unknown>) => {
    const task = cron.schedule(expression, guarded(job, fn), { timezone: tz, noOverlap: true, name: job });
    tasks.push(task);
    return task;
  };

  const postDigest = async (reason: 'scheduled' | 'missed') => {
    const channel = config.slack.digestChannel;
    if (!channel) return;
    const text = formatDigest(await useCases.digest({}, systemActor('digest')));
    const posted = reason === 'missed' ? `${text}\n_(posted at startup: leadbot was down at digest time)_` : text;
    await io.post({ channel, text: posted, blocks: textSections(posted) });
    await useCases.surface.recordDigestPosted();
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

  const digestTask = every('digest', config.schedules.digestCron, () => postDigest('scheduled'));
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

  // Catch up once on a digest missed while leadbot was down (never on the very first start).
  const catchUp = (async () => {
    const last = await useCases.surface.lastDigestAt();
    if (!last) return useCases.surface.recordDigestPosted();
    const due = lastFireTime(digestTask, deps.now());
    if (due && due > last) await guarded('digest', () => postDigest('missed'))();
  })().catch((err) => logger.error({ err }, 'missed-digest check failed'));

  return {
    postDigest,
    scanLessons,
    async stop() {
      off();
      clearTimeout(lessonTimer);
      for (const task of tasks) await task.destroy();
      await scanning?.catch(() => {});
      await catchUp;
    },
  };
}
