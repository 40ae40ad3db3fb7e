import type { Container } from '../../container/index.js';
import { isAppError } from '../../errors.js';
import type { RunRecord, RunStatus } from '../../pipeline/runs/ports.js';
import { leaseOf } from '../../pipeline/runs/recorder.js';
import { exclusively } from '../cluster/exclusive.js';
import { reconcileOrphanedSends } from '../stages/outreach.js';
import { type LostWork, recoverLostWork } from './lost-work.js';
import { continueRun } from './resume-run.js';
import type { RetryPolicy } from './retry-policy.js';

export interface ResumeOptions {
  /** How transient failures are retried (default: 3 tries, 2 s then 4 s apart). */
  retry?: RetryPolicy;
}

export interface ResumeReport {
  /** Every run found queued or running, in the order it was resumed, with how it ended. */
  runs: { runId: string; kind: string; status: RunStatus; error: string | null }[];
  /** Sends left "intended" that no resumed outreach run reconciled. */
  reconciled: { sent: number; requeued: number; uncertain: number };
  recovered: LostWork;
}

/**
 * What leadbot does at startup, after the bot is up (so notifications reach Slack): runs left queued or running by
 * the previous process are resumed under their own ids from their last completed step (outreach first, so sends
 * left "intended" are reconciled at once: no other process can be sending them), runs that cannot be resumed are
 * closed as failed with the reason, and work the in-memory flow never got to is done. Runs waiting at a gate are
 * left alone: they hold nothing and continue when the decision arrives. Never throws; failures are reported with
 * 'runFailed'.
 */
export async function resumeInterrupted(app: Container, options: ResumeOptions = {}): Promise<ResumeReport> {
  return safely(app, 'resuming interrupted work', () => resumeAll(app, options), {
    runs: [],
    reconciled: nothing(),
    recovered: noneLost(),
  });
}

async function resumeAll(app: Container, options: ResumeOptions): Promise<ResumeReport> {
  const { runs, ordered } = await resumeRuns(app, options);
  const reconciled =
    (await safely(app, 'reconciling interrupted sends', () => reconcileOrphanedSends(app), undefined)) ?? nothing();
  const written = coveredByWrites(ordered);
  const recovered = await safely(
    app,
    'recovering work lost',
    async () => {
      const turn = await exclusively(app.instance, 'recover', () =>
        recoverLostWork(app, { retry: options.retry, written }),
      );
      return turn.ran ? turn.value : noneLost();
    },
    noneLost(),
  );
  if (runs.length > 0 || recovered.enriched.length + recovered.written.length + recovered.queued.length > 0)
    app.logger.info({ runs, reconciled, recovered }, 'resumed work interrupted by the last stop');
  return { runs, reconciled, recovered };
}

/**
 * Continues, under their own ids, the runs left queued or running by an instance that died (or by a process from
 * before leases): outreach first, so sends left "intended" are reconciled at once. Another instance taking one over
 * meanwhile is left to it. Never throws: a run that cannot be finished is failed and announced with 'runFailed'.
 */
export async function resumeOrphanedRuns(app: Container, options: ResumeOptions = {}): Promise<ResumeReport['runs']> {
  return safely(app, 'resuming orphaned runs', async () => (await resumeRuns(app, options)).runs, []);
}

async function resumeRuns(app: Container, options: ResumeOptions) {
  // A run is interrupted when no live instance works on it: its holder died (or it predates leases).
  const open = (await app.repos.runs.list({ limit: 10_000, status: ['queued', 'running'] })).reverse();
  const interrupted: RunRecord[] = [];
  for (const run of open) {
    const lease = leaseOf(run.id);
    if (!(await app.instance.holds(lease)) && (await app.instance.holder(lease)) === undefined) interrupted.push(run);
  }
  const ordered = [
    ...interrupted.filter((r) => r.kind === 'outreach'),
    ...interrupted.filter((r) => r.kind !== 'outreach'),
  ];
  const runs: ResumeReport['runs'] = [];
  for (const record of ordered) {
    try {
      await continueRun(app, record.id, { retry: options.retry });
    } catch (err) {
      // Another instance took it over between the look and the resume: it is theirs to finish.
      if (isAppError(err) && err.code === 'conflict' && err.details?.leased) continue;
      app.logger.error({ err, runId: record.id, kind: record.kind }, 'an interrupted run could not be finished');
      await app.notifier.emit('runFailed', {
        runId: record.id,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    const after = (await app.repos.runs.get(record.id)) ?? record;
    runs.push({ runId: after.id, kind: after.kind, status: after.status, error: after.error });
  }
  return { runs, ordered };
}

/** Companies the resumed write runs were for ('all' when one was for every company waiting for a draft). */
function coveredByWrites(runs: RunRecord[]): number[] | 'all' {
  const writes = runs.filter((r) => r.kind === 'write' && r.input.regenerate === undefined);
  if (writes.some((r) => !Array.isArray(r.input.companyIds))) return 'all';
  return writes.flatMap((r) => (r.input.companyIds as unknown[]).filter((id): id is number => typeof id === 'number'));
}

const nothing = () => ({ sent: 0, requeued: 0, uncertain: 0 });
const noneLost = (): LostWork => ({ enriched: [], written: [], queued: [] });

async function safely<T>(app: Container, what: string, fn: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    app.logger.error({ err }, `${what} failed`);
    return fallback;
  }
}
