import { afterEach, describe, expect, it } from 'vitest';
import { resumeInterrupted } from '../../src/app/runs/resume.js';
import { runStage } from '../../src/app/stages/run-stage.js';
import type { Container } from '../../src/container/index.js';
import { filterAsync } from '../../src/pipeline/async.js';
import { startSequence } from '../../src/pipeline/outreach/start-sequence.js';
import { approveLeads, operator, recordNotifications, restartableApp } from './helpers.js';

const never = <T>() => new Promise<T>(() => {});
const settle = async (until: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await until()); i++) await new Promise((r) => setTimeout(r, 5));
  expect(await until()).toBe(true);
};

let world: ReturnType<typeof restartableApp>;
afterEach(() => world?.closeAll());

/** search → approve → enrich → write → a human approves one draft with a found address; its sequence is queued. */
async function queuedDraft(app: Container): Promise<number> {
  const found = await app.searchCompanies({
    industry: 'healthcare',
    location: 'Buffalo, NY',
    count: 3,
    trigger: 'cli',
  });
  await approveLeads(
    app,
    found.leads.map((l) => l.company.id),
  );
  await runStage(app, 'enrich', { trigger: 'cli', requestedBy: operator.id });
  await runStage(app, 'write', { trigger: 'cli', requestedBy: operator.id });
  const pending = await app.repos.drafts.list({ status: ['pending'], limit: 10 });
  const [draft] = await filterAsync(
    pending,
    async (d) => (await app.repos.contacts.get(d.contactId!))?.emailKind === 'found',
  );
  await app.draftGate.approveDraft(draft!.id, operator);
  await startSequence(draft!.id, app.outreach.deps);
  return draft!.id;
}

const sendsOf = async (app: Container, draftId: number) =>
  (await app.outreach.outreach.eventsForSequence((await app.outreach.outreach.sequenceForDraft(draftId))!.id)).filter(
    (e) => e.kind === 'send',
  );

/** The process "dies" inside the transport: `writes` says whether the .eml is written first. */
function dieWhileSending(app: Container, writes: boolean) {
  const member = app.outreach.deps.senders[0]!;
  const real = member.transport;
  member.transport = {
    name: real.name,
    reconcile: (id) => real.reconcile(id),
    send: async (message) => {
      if (writes) await real.send(message);
      return never();
    },
  };
  void runStage(app, 'outreach', { trigger: 'cron', requestedBy: 'cron' });
}

describe('sends interrupted by a restart', () => {
  it('a send whose .eml was written before the crash is confirmed at startup, at once, and never written again', async () => {
    world = restartableApp();
    const first = await world.start();
    const draftId = await queuedDraft(first);
    dieWhileSending(first, true);
    await settle(async () => (await sendsOf(first, draftId))[0]?.status === 'intended' && world.outbox().length === 1);
    const runId = (await first.repos.runs.list({ limit: 1, kind: 'outreach' }))[0]!.id;

    const second = await world.start(); // one minute later: less than the two minutes a live process would wait
    const notes = recordNotifications(second, ['runFailed', 'draftsSent']);
    const report = await resumeInterrupted(second);
    expect(report.runs).toEqual([{ runId, kind: 'outreach', status: 'completed', error: null }]);
    expect((await second.repos.runs.get(runId))!.summary).toBe(
      '1 confirmed sent after an interruption (not sent again)',
    );
    expect(notes.of('draftsSent')).toEqual([{ draftIds: [draftId] }]);
    const [first0, ...followUps] = await sendsOf(second, draftId);
    expect(first0).toMatchObject({ touch: 0, status: 'sent', transportResponse: 'reconciled: found after restart' });
    expect(followUps.length).toBeGreaterThan(0);
    expect(followUps.every((e) => e.status === 'scheduled')).toBe(true);
    expect((await second.repos.drafts.get(draftId))!.status).toBe('sent');
    expect(world.outbox()).toHaveLength(1);
    expect((await second.repos.runs.logs(runId)).filter((l) => l.name === 'outreach.reconcile')).toHaveLength(1);
    expect(notes.of('runFailed')).toEqual([]);
  });

  it('a send cut off before the transport wrote anything is scheduled again and sent once by the resumed run', async () => {
    world = restartableApp();
    const first = await world.start();
    const draftId = await queuedDraft(first);
    dieWhileSending(first, false);
    await settle(async () => (await sendsOf(first, draftId))[0]?.status === 'intended');
    expect(world.outbox()).toEqual([]);

    const second = await world.start();
    await resumeInterrupted(second);
    const sends = await sendsOf(second, draftId);
    expect(sends.filter((e) => e.touch === 0)).toHaveLength(1);
    expect(sends[0]).toMatchObject({ status: 'sent' });
    expect(world.outbox()).toHaveLength(1);
    expect(await second.repos.runs.list({ limit: 5, kind: 'outreach' })).toHaveLength(1);
  });

  it('a transport that cannot tell whether the message left leaves it uncertain: never resent', async () => {
    world = restartableApp();
    const first = await world.start();
    const draftId = await queuedDraft(first);
    first.outreach.deps.senders[0]!.transport = { name: 'smtp', send: never, reconcile: async () => 'unknown' };
    void runStage(first, 'outreach', { trigger: 'cron', requestedBy: 'cron' });
    await settle(async () => (await sendsOf(first, draftId))[0]?.status === 'intended');

    const second = await world.start();
    const sent: string[] = [];
    second.outreach.deps.senders[0]!.transport = {
      name: 'smtp',
      send: async (m) => {
        sent.push(m.messageId);
        return { status: 'sent', response: '250 OK' };
      },
      reconcile: async () => 'unknown',
    };
    const report = await resumeInterrupted(second);
    expect(sent).toEqual([]);
    expect(await sendsOf(second, draftId)).toEqual([expect.objectContaining({ touch: 0, status: 'uncertain' })]);
    const run = (await second.repos.runs.get(report.runs[0]!.runId))!;
    expect(run.summary).toMatch(/1 uncertain \(may have left; check before resending\)/);
  });
});
