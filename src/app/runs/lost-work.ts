import type { Stage } from '../../agent/services.js';
import type { Container } from '../../container/index.js';
import { isHumanApproval } from '../../pipeline/approvals/ports.js';
import { filterAsync } from '../../pipeline/async.js';
import { isDraftable } from '../../pipeline/writer/write-queue.js';
import { groupByOrigin, leadApprover, type Origin, originOf } from '../origin.js';
import type { StageRequest } from '../stages/run-stage.js';
import { runStageWithRetry } from './resume-run.js';
import type { RetryPolicy } from './retry-policy.js';

/** What the startup sweep picked up that the previous process's in-memory flow never got to. */
export interface LostWork {
  /** Approved leads that were never enriched. */
  enriched: number[];
  /** Companies with a contact that never got a draft. */
  written: number[];
  /** Human-approved drafts that had no sequence. */
  queued: number[];
}

export interface RecoverOptions {
  retry?: RetryPolicy;
  /** Companies a write run resumed at this startup already covered (succeeded or not): not written again. */
  written?: number[] | 'all';
}

/**
 * Redoes what the flow would have done after a human decision when the process died before doing it: approved
 * leads no enrich run ever took are enriched, companies with a usable contact and no draft ever are written (cards
 * in the thread that found them), and human-approved drafts without a sequence get one and are sent. Each stage is
 * idempotent; failures are reported with 'runFailed' and the rest goes on.
 */
export async function recoverLostWork(app: Container, options: RecoverOptions = {}): Promise<LostWork> {
  const { retry, written: covered = [] } = options;
  const enriched = await neverEnriched(app);
  for (const [origin, ids] of await groupByOrigin(app, enriched))
    await attempt(app, 'enrich', await request(app, origin, ids), retry);
  const written = covered === 'all' ? [] : (await neverWritten(app)).filter((id) => !covered.includes(id));
  for (const [origin, ids] of await groupByOrigin(app, written))
    await attempt(app, 'write', await request(app, origin, ids), retry);
  const queued = await approvedWithoutSequence(app);
  if (queued.length > 0) {
    const draft = await app.repos.drafts.get(queued[0]!);
    const approver = (await app.repos.approvals.get('draft', String(queued[0])))?.decidedBy ?? 'leadbot';
    const origin = await originOf(app, draft?.runId ?? null);
    await attempt(app, 'outreach', { ...(await request(app, origin)), requestedBy: approver }, retry);
  }
  return { enriched, written, queued };
}

async function request(app: Container, origin: Origin, companyIds?: number[]): Promise<StageRequest> {
  return {
    trigger: 'startup',
    requestedBy: await leadApprover(app, companyIds?.[0]),
    companyIds,
    slackChannel: origin.slackChannel,
    slackThreadTs: origin.slackThreadTs,
  };
}

async function attempt(app: Container, stage: Stage, req: StageRequest, retry?: RetryPolicy): Promise<void> {
  let runId = 'none';
  try {
    await runStageWithRetry(app, stage, { ...req, onRunStarted: (id) => (runId = id) }, retry);
  } catch (err) {
    app.logger.error({ err, runId, stage }, 'work recovered at startup failed');
    await app.notifier.emit('runFailed', { runId, error: err instanceof Error ? err.message : String(err) });
  }
}

/** Approved (before this process started) with no primary contact, in no enrich run's batch. */
async function neverEnriched(app: Container): Promise<number[]> {
  const tried = new Set<number>();
  for (const run of await app.repos.runs.list({ limit: 100_000, kind: 'enrich' }))
    for (const id of Array.isArray(run.input.companyIds) ? run.input.companyIds : []) tried.add(id as number);
  return filterAsync(
    await approvedLeads(app),
    async (id) => !tried.has(id) && !(await app.repos.contacts.primaryFor(id)),
  );
}

/** Approved with a usable primary contact and no draft at all (a rejected draft is a human's answer). */
async function neverWritten(app: Container): Promise<number[]> {
  return filterAsync(
    await approvedLeads(app),
    async (id) =>
      isDraftable(await app.repos.contacts.primaryFor(id)) &&
      (await app.repos.drafts.list({ companyId: id, limit: 1 })).length === 0,
  );
}

async function approvedWithoutSequence(app: Container): Promise<number[]> {
  const approved = await app.repos.drafts.list({ status: ['approved'], limit: 10_000 });
  const waiting = await filterAsync(approved, async (d) => {
    const approval = await app.repos.approvals.get('draft', String(d.id));
    return !(await app.outreach.outreach.sequenceForDraft(d.id)) && isHumanApproval(approval) && before(app, approval);
  });
  return waiting.map((d) => d.id).reverse();
}

/** Leads approved before this process started (later ones are this process's flow's to follow up). */
async function approvedLeads(app: Container): Promise<number[]> {
  const ids = (await app.repos.companies.listLeads({ status: ['approved'], limit: 100_000 })).map((l) => l.company.id);
  const decided = await filterAsync(ids, async (id) => before(app, await app.repos.approvals.get('lead', String(id))));
  return decided.sort((a, b) => a - b);
}

const before = (app: Container, approval: { decidedAt: Date | null } | undefined) =>
  !approval?.decidedAt || approval.decidedAt < app.startedAt;
