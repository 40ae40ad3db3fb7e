import type { Container } from '../container/index.js';
import { filterAsync } from '../pipeline/async.js';
import { budgetPauseOf } from '../pipeline/costs/pause.js';
import { createEnrichmentTrigger } from '../pipeline/enrichment/stage.js';
import { startSequence } from '../pipeline/outreach/start-sequence.js';
import type { RunTrigger } from '../pipeline/runs/ports.js';
import { groupByOrigin, leadApprover, type Origin, originOf } from './origin.js';
import { continueRun, runStageWithRetry } from './runs/resume-run.js';
import type { RetryPolicy } from './runs/retry-policy.js';
import type { StageRequest } from './stages/run-stage.js';

/** What happens on its own after a human decides at a gate. Nothing here throws into a Slack listener. */
export interface Flow {
  /** After Gate 1: approved leads are enriched (a burst of clicks is one run) and get drafts for Gate 2. */
  leadDecided(companyId: number, decision: 'approved' | 'rejected'): Promise<void>;
  /** After Gate 2: starts the draft's sequence and sends what is due now. Resolves when done; never rejects. */
  draftApproved(draftId: number): Promise<void>;
  /**
   * After a spend limit was raised: runs that waited for it continue from where they stopped (an enrich run then
   * drafts for the companies it found contacts for). Resolves when done; never rejects.
   */
  resumeWaiting(runIds: string[]): Promise<void>;
  /** Resolves when everything queued so far has finished (tests, shutdown). */
  idle(): Promise<void>;
}

export interface FlowOptions {
  /** How long approvals are collected into one enrichment run (default 2000 ms). */
  enrichDelayMs?: number;
  /** The trigger recorded on the runs the flow starts (default 'slack'; the local workspace passes 'workspace'). */
  trigger?: RunTrigger;
  /** How a stage failing for a transient reason is tried again, under the same run (default: 3 tries in all). */
  retry?: RetryPolicy;
}

/**
 * Wires the gates to the stages that follow them: Gate 1 approval → enrichment → Writer ⇄ Critic (draft cards are
 * announced with 'draftsReady' in the thread that found the company); Gate 2 approval → sequence → send. Transient
 * failures are retried with backoff; what still fails is logged and announced with 'runFailed', the work done kept.
 */
export function createFlow(app: Container, options: FlowOptions = {}): Flow {
  const trigger = options.trigger ?? 'slack';
  const work = new Set<Promise<void>>();
  let sending: Promise<unknown> = Promise.resolve();

  const keep = (promise: Promise<void>) => {
    work.add(promise);
    void promise.finally(() => work.delete(promise));
    return promise;
  };
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

  /** Enrich then write one thread's companies; a failure is reported in that thread. */
  const enrichAndWrite = async (companyIds: number[], origin: Origin) => {
    let runId = origin.runId;
    const req = request(origin, await leadApprover(app, companyIds[0]), (id) => {
      runId = id;
    });
    try {
      await runStageWithRetry(app, 'enrich', { ...req, companyIds }, options.retry);
      const ready = await filterAsync(companyIds, async (id) => Boolean(await app.repos.contacts.primaryFor(id)));
      if (ready.length > 0) await runStageWithRetry(app, 'write', { ...req, companyIds: ready }, options.retry);
    } catch (err) {
      await report(err, runId, 'automatic enrichment or drafting after Gate 1 failed');
    }
  };

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
      const ready = await filterAsync(
        ids,
        async (id) =>
          Boolean(await app.repos.contacts.primaryFor(id)) && !(await app.repos.drafts.currentForCompany(id)),
      );
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
      for (const [origin, group] of await groupByOrigin(app, ids)) await enrichAndWrite(group, origin);
    },
    onError: (err) => void report(err, null, 'automatic enrichment after Gate 1 failed'),
  });

  return {
    async leadDecided(companyId, decision) {
      if (decision === 'approved') enrichment.approved(companyId);
      await closeDecidedSearch(app, companyId);
    },
    draftApproved(draftId) {
      return keep(
        (async () => {
          const draft = await app.repos.drafts.get(draftId);
          const origin = await originOf(app, draft?.runId ?? null);
          let runId = origin.runId;
          const approver = (await app.repos.approvals.get('draft', String(draftId)))?.decidedBy ?? 'leadbot';
          try {
            await startSequence(draftId, app.outreach.deps);
            // One send pass at a time: two passes at once could both read the daily cap as not reached.
            const pass = sending.then(() =>
              runStageWithRetry(
                app,
                'outreach',
                request(origin, approver, (id) => (runId = id)),
                options.retry,
              ),
            );
            sending = pass.catch(() => undefined);
            await pass;
          } catch (err) {
            await report(err, runId, `sending approved draft ${draftId} failed`);
          }
        })(),
      );
    },
    resumeWaiting(runIds) {
      return keep(
        (async () => {
          for (const id of runIds) await resumeOne(id);
        })(),
      );
    },
    async idle() {
      await enrichment.idle();
      while (work.size > 0) await Promise.allSettled([...work]);
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
