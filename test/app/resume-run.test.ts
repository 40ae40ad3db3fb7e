import { afterEach, describe, expect, it } from 'vitest';
import { createFlow } from '../../src/app/flow.js';
import { resumeInterrupted } from '../../src/app/runs/resume.js';
import { runStageWithRetry } from '../../src/app/runs/resume-run.js';
import type { RetryPolicy } from '../../src/app/runs/retry-policy.js';
import { runStage } from '../../src/app/stages/run-stage.js';
import type { Container } from '../../src/container/index.js';
import { AppError } from '../../src/errors.js';
import { filterAsync } from '../../src/pipeline/async.js';
import { approveLeads, operator, recordNotifications, restartableApp } from './helpers.js';

let world: ReturnType<typeof restartableApp>;
afterEach(() => world?.closeAll());

/** Retries without waiting, remembering each wait asked for. */
function quickRetry(attempts = 3) {
  const waits: number[] = [];
  const policy: RetryPolicy = {
    attempts,
    baseDelayMs: 10,
    maxDelayMs: 1000,
    sleep: async (ms) => void waits.push(ms),
  };
  return { policy, waits };
}

/** Approved leads with contacts, ready for the writer. */
async function readyToWrite(app: Container): Promise<number[]> {
  const found = await app.searchCompanies({
    industry: 'healthcare',
    location: 'Buffalo, NY',
    count: 3,
    trigger: 'cli',
  });
  const ids = found.leads.map((l) => l.company.id).sort((a, b) => a - b);
  await approveLeads(app, ids);
  await runStage(app, 'enrich', { trigger: 'cli', requestedBy: operator.id, companyIds: ids });
  return filterAsync(ids, async (id) => Boolean(await app.repos.contacts.primaryFor(id)));
}

/** The database refuses draft inserts for `company` while `failing()` says so (as a locked database would). */
function lockDraftsFor(app: Container, failing: (companyId: number) => boolean) {
  const { drafts } = app.writer;
  let refused = 0;
  app.writer.drafts = {
    ...drafts,
    insert: (draft, at) => {
      if (failing(draft.companyId)) {
        refused++;
        throw new AppError('db_failed', 'database is locked');
      }
      return drafts.insert(draft, at);
    },
    insertCurrent: (draft, at) => {
      if (failing(draft.companyId)) {
        refused++;
        throw new AppError('db_failed', 'database is locked');
      }
      return drafts.insertCurrent(draft, at);
    },
  };
  return () => refused;
}

const logNames = async (app: Container, runId: string) => (await app.repos.runs.logs(runId)).map((l) => l.name);

describe('transient failures', () => {
  it('a stage failing for a transient reason is tried again under the same run, with growing waits', async () => {
    world = restartableApp();
    const app = await world.start();
    const ids = await readyToWrite(app);
    let failures = 2;
    const refused = lockDraftsFor(app, () => failures-- > 0);
    const { policy, waits } = quickRetry();
    let runId = '';
    await runStageWithRetry(
      app,
      'write',
      { trigger: 'slack', requestedBy: operator.id, companyIds: ids, onRunStarted: (id) => (runId = id) },
      policy,
    );
    expect(refused()).toBe(2);
    expect(waits).toEqual([10, 20]);
    expect(await app.repos.runs.get(runId)).toMatchObject({ status: 'completed', attempts: 2, error: null });
    expect((await logNames(app, runId)).filter((n) => n === 'run.retry')).toHaveLength(2);
    expect(await app.repos.runs.list({ limit: 10, kind: 'write' })).toHaveLength(1);
    for (const id of ids) expect(await app.repos.drafts.list({ companyId: id, limit: 5 })).toHaveLength(1);
  });

  it('a step that keeps failing ends the run failed with the reason; drafts already written stay', async () => {
    world = restartableApp();
    const app = await world.start();
    const ids = await readyToWrite(app);
    const last = ids.at(-1)!;
    const refused = lockDraftsFor(app, (companyId) => companyId === last);
    const { policy, waits } = quickRetry();
    let runId = '';
    const failed = runStageWithRetry(
      app,
      'write',
      { trigger: 'slack', requestedBy: operator.id, companyIds: ids, onRunStarted: (id) => (runId = id) },
      policy,
    );
    await expect(failed).rejects.toThrow('database is locked');
    expect(refused()).toBe(3);
    expect(waits).toEqual([10, 20]);
    expect(await app.repos.runs.get(runId)).toMatchObject({ status: 'failed', error: 'database is locked' });
    for (const id of ids.slice(0, -1)) expect(await app.repos.drafts.list({ companyId: id, limit: 5 })).toHaveLength(1);
    expect(await app.repos.drafts.list({ companyId: last, limit: 5 })).toEqual([]);
  });

  it('after Gate 1 the flow retries a transient failure, and reports the run with runFailed when it keeps failing', async () => {
    world = restartableApp();
    const app = await world.start();
    const found = await app.searchCompanies({
      industry: 'healthcare',
      location: 'Buffalo, NY',
      count: 2,
      trigger: 'cli',
    });
    const [a, b] = found.leads.map((l) => l.company.id);
    let failures = 1;
    lockDraftsFor(app, (companyId) => companyId === b || (companyId === a && failures-- > 0));
    const notes = recordNotifications(app, ['runFailed', 'draftsReady']);
    const flow = await createFlow(app, { enrichDelayMs: 500, retry: quickRetry().policy });
    await approveLeads(app, [a!, b!]);
    await flow.leadDecided(a!, 'approved');
    await flow.leadDecided(b!, 'approved');
    await flow.idle();
    const write = await app.repos.runs.list({ limit: 5, kind: 'write' });
    expect(write).toHaveLength(1);
    expect(notes.of('runFailed')).toEqual([{ runId: write[0]!.id, error: 'database is locked' }]);
    expect((await app.repos.drafts.currentForCompany(a!))?.status).toBe('pending');
    expect(await app.repos.drafts.currentForCompany(b!)).toBeUndefined();
  });

  it('at startup, a resumed run that keeps failing is marked failed and announced with runFailed', async () => {
    world = restartableApp();
    const first = await world.start();
    const ids = await readyToWrite(first);
    const interrupted = await first.recorder.start({
      kind: 'write',
      trigger: 'slack',
      input: { companyIds: ids, limit: null },
    });
    const second = await world.start();
    lockDraftsFor(second, () => true);
    const notes = recordNotifications(second, ['runFailed']);
    const { policy, waits } = quickRetry(2);
    const report = await resumeInterrupted(second, { retry: policy });
    expect(report.runs).toEqual([
      { runId: interrupted.id, kind: 'write', status: 'failed', error: 'database is locked' },
    ]);
    expect(waits).toEqual([10]);
    expect(notes.of('runFailed')).toEqual([{ runId: interrupted.id, error: 'database is locked' }]);
    expect((await logNames(second, interrupted.id)).filter((n) => n.startsWith('run.'))).toEqual([
      'run.resumed',
      'run.retry',
    ]);
    expect((await second.repos.runs.get(interrupted.id))!.attempts).toBe(2);
  });

  it('a definite refusal is not retried', async () => {
    world = restartableApp();
    const app = await world.start();
    const ids = await readyToWrite(app);
    const { drafts } = app.writer;
    app.writer.drafts = {
      ...drafts,
      insertCurrent: () => {
        throw new AppError('invalid_config', 'directives/writer.md has no angles block');
      },
    };
    const { policy, waits } = quickRetry();
    await expect(
      runStageWithRetry(app, 'write', { trigger: 'slack', requestedBy: operator.id, companyIds: ids }, policy),
    ).rejects.toThrow('no angles block');
    expect(waits).toEqual([]);
    expect((await app.repos.runs.list({ limit: 5, kind: 'write' }))[0]).toMatchObject({
      status: 'failed',
      attempts: 0,
    });
  });
});
