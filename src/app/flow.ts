import type { Container } from '../container/index.js';
import { isAppError } from '../errors.js';
import { filterAsync } from '../pipeline/async.js';
import { budgetPauseOf } from '../pipeline/costs/pause.js';
import { createEnrichmentTrigger } from '../pipeline/enrichment/stage.js';
import { type JobContext, JobDeferred, type JobSpec } from '../pipeline/jobs/ports.js';
import { startSequence } from '../pipeline/outreach/start-sequence.js';
import type { RunTrigger } from '../pipeline/runs/ports.js';
import { exclusively } from './cluster/exclusive.js';
import { groupByOrigin, leadApprover, type Origin, originOf } from './origin.js';
import { resumeOrphanedRuns } from './runs/resume.js';
import { continueRun, runStageWithRetry } from './runs/resume-run.js';
import type { RetryPolicy } from './runs/retry-policy.js';
import type { StageRequest } from './stages/run-stage.js';

/** What happens on its own after a human decides at a gate. Nothing here throws into a Slack listener. */
export interface Flow {
  /** After Gate 1: approved leads are enriched (a burst of clicks is one run) and get drafts for Gate 2. */
  leadDecided(companyId: number, decision: 'approved' | 'rejected'): Promise<void>;
  /**
   * After Gate 2: queues starting the draft's sequence and sending what is due, and resolves when that is done (on
   * whichever instance took it; at most about half a minute). Never rejects.
   */
  draftApproved(draftId: number): Promise<void>;
  /**
   * A send pass now (after a person resends, resumes a sender or moves sequences), on whichever instance takes the
   * job; resolves when it is done (at most about half a minute). Never rejects.
   */
  sendDue(requestedBy: string): Promise<void>;
  /**
   * After a spend limit was raised: runs that waited for it continue from where they stopped (an enrich run then
   * drafts for the companies it found contacts for). Resolves when done; never rejects.
   */
  resumeWaiting(runIds: string[]): Promise<void>;
  /** Resolves when everything this flow queued so far has finished, here or on another instance (tests, CLI). */
  idle(): Promise<void>;
}

export interface FlowOptions {
  /** How long approvals are collected into one enrichment run (default 2000 ms). */
  enrichDelayMs?: number;
  /** The trigger recorded on the runs the flow starts (default 'slack'; the local workspace passes 'workspace'). */
  trigger?: RunTrigger;
  /** How a stage failing for a transient reason is tried again, under the same run (default: 3 tries in all). */
  retry?: RetryPolicy;
  /**
   * Start working the job queue only once this flow queues something (the CLI: a read-only command never picks up
   * the servers' work). Default: at once.
   */
  workOnDemand?: boolean;
}

/** Jobs the flow queues: any instance may do them, once; a killed instance's job is taken over. */
export const FLOW_JOBS = { enrich: 'flow-enrich', send: 'flow-send', retrySend: 'flow-send-retry' } as const;

/**
 * Retried three times, 5 s then 10 s then 20 s apart; an attempt still running after 75 s is presumed lost with its
 * instance and taken over (with pg-boss's 15 s maintenance and the first retry's 5 s, within about 95 s). A batch of
 * ten companies takes seconds in sandbox mode and usually under a minute with paid vendors; one that takes longer
 * keeps its batch lease, so the retry waits for it rather than enriching the same companies again.
 */
export const FLOW_JOB_SPEC: JobSpec = { retryLimit: 3, retryDelaySeconds: 5, expireInSeconds: 75 };

/** Companies per enrichment job: short jobs, so a takeover redoes little. */
const ENRICH_BATCH = 10;
/** How long a second attempt at a batch still being enriched waits before looking again. */
const ENRICH_BUSY_MS = 15_000;
/** How long a send job waits for another instance's outreach pass before trying again later. */
const SEND_WAIT_MS = 20_000;

interface EnrichJob {
  companyIds: number[];
}
/** A draft approved (its sequence starts, then a pass), or only a pass someone asked for. */
interface SendJob {
  draftId?: number;
  requestedBy?: string;
}

/**
 * Wires the gates to the stages that follow them, through the job queue (so any instance may do the work, once, and a
 * killed instance's work is taken over): Gate 1 approval → enrichment → Writer ⇄ Critic (draft cards are announced
 * with 'draftsReady' in the thread that found the company); Gate 2 approval → sequence → send. Transient failures
 * are retried with backoff; what still fails is logged and announced with 'runFailed', the work done kept.
 */
export async function createFlow(app: Container, options: FlowOptions = {}): Promise<Flow> {
  const trigger = options.trigger ?? 'slack';
  /** Work done here rather than queued (runs resumed after a budget was raised), until finished. */
  const local = new Set<Promise<void>>();
  /** Jobs this flow queued (id → name), until seen finished. */
  const queued = new Map<string, string>();

  const report = async (err: unknown, runId: string | null, what: string) => {
    const error = err instanceof Error ? err.message : String(err);
    app.logger.error({ err, runId }, what);
    await app.notifier.emit('runFailed', { runId: runId ?? 'none', error });
  };
  const request = (origin: Origin, requestedBy: string, track: (id: string) => void): StageRequest => ({
    trigger,
    requestedBy,
    slackChannel: origin.slackChannel,
    slackThreadTs: origin.slackThreadTs,
    onRunStarted: track,
  });
  const enqueue = async (name: string, data: object) => {
    const id = await app.jobs.enqueue(name, data);
    if (options.workOnDemand) await app.jobs.start();
    if (id) queued.set(id, name);
    return id;
  };
  /** Whether a job is still waiting or running (anywhere). */
  const open = async (name: string, id: string) => {
    const state = await app.jobs.state(name, id).catch(() => undefined);
    return state === 'waiting' || state === 'running';
  };
  /** Waits (up to `ms`) for a queued job to finish, on whichever instance took it. */
  const finished = async (name: string, id: string, ms: number) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (!(await open(name, id))) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  /** The companies with a contact and no current draft: the writer's to do. */
  const readyToWrite = (companyIds: number[]) =>
    filterAsync(
      companyIds,
      async (id) => Boolean(await app.repos.contacts.primaryFor(id)) && !(await app.repos.drafts.currentForCompany(id)),
    );

  /** Enrich then write one thread's companies (those still needing it); a failure is reported in that thread. */
  const enrichAndWrite = async (companyIds: number[], origin: Origin) => {
    let runId = origin.runId;
    const req = request(origin, await leadApprover(app, companyIds[0]), (id) => {
      runId = id;
    });
    try {
      const unenriched = await filterAsync(companyIds, async (id) => !(await app.repos.contacts.primaryFor(id)));
      if (unenriched.length > 0)
        await runStageWithRetry(app, 'enrich', { ...req, companyIds: unenriched }, options.retry);
      const ready = await readyToWrite(companyIds);
      if (ready.length > 0) await runStageWithRetry(app, 'write', { ...req, companyIds: ready }, options.retry);
    } catch (err) {
      await report(err, runId, 'automatic enrichment or drafting after Gate 1 failed');
    }
  };

  /** Enrichment batches being worked on in this process (a retry of one may be handed to this same instance). */
  const enriching = new Set<string>();
  const enrichJob = async ({ data, attempt }: JobContext<EnrichJob>) => {
    // An attempt that outlived its expiry is retried while it may still be running (slow vendors, not a dead
    // instance): the batch is held under a lease, and a second attempt waits its turn instead of paying for the same
    // lookups again. A dead instance's lease lapses with its heartbeat, so the retry then takes the batch over.
    const key = `enrich:${[...data.companyIds].sort((a, b) => a - b).join(',')}`;
    if (enriching.has(key)) throw new JobDeferred(ENRICH_BUSY_MS, 'this batch is still being enriched here');
    enriching.add(key);
    try {
      const turn = await exclusively(app.instance, key, async () => {
        // A retry after the instance doing it died: its runs are finished first, under their own ids.
        if (attempt > 1) await resumeOrphanedRuns(app, { retry: options.retry });
        for (const [origin, group] of await groupByOrigin(app, data.companyIds)) await enrichAndWrite(group, origin);
      });
      if (!turn.ran) throw new JobDeferred(ENRICH_BUSY_MS, 'another instance is enriching this batch');
    } finally {
      enriching.delete(key);
    }
  };

  const sendJob = async ({ data: { draftId, requestedBy } }: JobContext<SendJob>) => {
    const draft = draftId === undefined ? undefined : await app.repos.drafts.get(draftId);
    const origin = await originOf(app, draft?.runId ?? null);
    let runId = origin.runId;
    const approver =
      requestedBy ??
      (draftId === undefined ? undefined : (await app.repos.approvals.get('draft', String(draftId)))?.decidedBy) ??
      'leadbot';
    try {
      if (draftId !== undefined) await startSequence(draftId, app.outreach.deps);
      const deadline = Date.now() + SEND_WAIT_MS;
      for (;;) {
        try {
          await runStageWithRetry(
            app,
            'outreach',
            request(origin, approver, (id) => (runId = id)),
            options.retry,
          );
          return;
        } catch (err) {
          // Another instance is sending: its pass may have read the due list before this sequence existed.
          if (!(isAppError(err) && err.details?.leased)) throw err;
          if (Date.now() > deadline) throw new JobDeferred(5_000, err.message);
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    } catch (err) {
      if (err instanceof JobDeferred) throw err;
      await report(
        err,
        runId,
        draftId === undefined ? 'a send pass failed' : `sending approved draft ${draftId} failed`,
      );
    }
  };

  await app.jobs.register<EnrichJob>(FLOW_JOBS.enrich, FLOW_JOB_SPEC, enrichJob);
  await app.jobs.register<SendJob>(FLOW_JOBS.send, FLOW_JOB_SPEC, sendJob);
  // A pass when sends that failed for now are due again: one per minute of due time, however many passes asked.
  await app.jobs.register<SendJob>(FLOW_JOBS.retrySend, { ...FLOW_JOB_SPEC, policy: 'keyed' }, sendJob);
  app.notifier.on('sendRetryDue', async ({ at }) => {
    const minute = new Date(Math.ceil(at.getTime() / 60_000) * 60_000);
    await app.jobs.enqueue(FLOW_JOBS.retrySend, { requestedBy: 'leadbot' } satisfies SendJob, {
      key: `retry:${minute.toISOString()}`,
      runAfter: minute,
    });
  });

  if (!options.workOnDemand) await app.jobs.start();

  const resuming = new Set<string>();
  /** Continues one run that waited for a budget; an enrich run is followed by the drafts it made possible. */
  const resumeOne = async (runId: string) => {
    const record = await app.repos.runs.get(runId);
    if (!record || !budgetPauseOf(record) || resuming.has(runId)) return;
    resuming.add(runId);
    try {
      await continueRun(app, runId, { retry: options.retry });
      const after = await app.repos.runs.get(runId);
      if (record.kind !== 'enrich' || after?.status !== 'completed') return;
      const ids = Array.isArray(record.input.companyIds) ? record.input.companyIds.map(Number) : [];
      const ready = await readyToWrite(ids);
      const origin = await originOf(app, record.id);
      if (ready.length > 0)
        await runStageWithRetry(
          app,
          'write',
          { ...request(origin, record.requestedBy ?? 'leadbot', () => {}), companyIds: ready },
          options.retry,
        );
    } catch (err) {
      await report(err, runId, 'resuming a run after its budget was raised failed');
    } finally {
      resuming.delete(runId);
    }
  };

  const enrichment = createEnrichmentTrigger({
    delayMs: options.enrichDelayMs,
    run: async (ids) => {
      for (const [, group] of await groupByOrigin(app, ids))
        for (let i = 0; i < group.length; i += ENRICH_BATCH)
          await enqueue(FLOW_JOBS.enrich, { companyIds: group.slice(i, i + ENRICH_BATCH) } satisfies EnrichJob);
    },
    onError: (err) => void report(err, null, 'automatic enrichment after Gate 1 failed'),
  });

  /** Whether a job this flow queued is still waiting or running (anywhere). */
  const pending = async () => {
    for (const [id, name] of queued) {
      if (!(await open(name, id))) queued.delete(id);
    }
    return queued.size > 0;
  };

  return {
    async leadDecided(companyId, decision) {
      if (decision === 'approved') enrichment.approved(companyId);
      await closeDecidedSearch(app, companyId);
    },
    async draftApproved(draftId) {
      try {
        const id = await enqueue(FLOW_JOBS.send, { draftId } satisfies SendJob);
        // The person who clicked sees the outcome on the card: wait for the send, a while.
        if (id) await finished(FLOW_JOBS.send, id, SEND_WAIT_MS + 10_000);
      } catch (err) {
        await report(err, null, `queueing the send of approved draft ${draftId} failed`);
      }
    },
    async sendDue(requestedBy) {
      try {
        const id = await enqueue(FLOW_JOBS.send, { requestedBy } satisfies SendJob);
        if (id) await finished(FLOW_JOBS.send, id, SEND_WAIT_MS + 10_000);
      } catch (err) {
        await report(err, null, 'queueing a send pass failed');
      }
    },
    resumeWaiting(runIds) {
      const work = (async () => {
        for (const id of runIds) await resumeOne(id);
      })();
      local.add(work);
      void work.finally(() => local.delete(work));
      return work;
    },
    async idle() {
      do {
        await enrichment.idle();
        await Promise.allSettled([...local]);
        if (!(await pending()) && local.size === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      } while (queued.size > 0 || local.size > 0);
      await enrichment.idle();
    },
  };
}

/** A search run waits at Gate 1 until the last lead it found is decided; then it is complete. */
async function closeDecidedSearch(app: Container, companyId: number): Promise<void> {
  const runId = (await app.repos.companies.get(companyId))?.foundByRunId;
  const run = runId ? await app.repos.runs.get(runId) : undefined;
  if (run?.status !== 'awaiting_approval') return;
  const found = await app.repos.companies.listLeads({ runId: run.id, limit: 1000 });
  if (found.some((l) => l.company.status === 'pending')) return;
  const approved = found.filter((l) => l.company.status === 'approved').length;
  const summary = `${run.summary ?? ''} · all ${found.length} decided: ${approved} approved, ${found.length - approved} rejected`;
  await (await app.recorder.resume(run.id)).complete(summary.replace(/^ · /, ''));
}
