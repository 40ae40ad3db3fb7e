import { afterEach, describe, expect, it } from 'vitest';
import { createFlow } from '../../src/app/flow.js';
import { resumeInterrupted } from '../../src/app/runs/resume.js';
import { runStage } from '../../src/app/stages/run-stage.js';
import type { Container } from '../../src/container/index.js';
import { decideLead } from '../../src/pipeline/approvals/decide-lead.js';
import { filterAsync, mapAsync } from '../../src/pipeline/async.js';
import { approveLeads, operator, recordNotifications, restartableApp, searchInThread } from './helpers.js';

const thread = { channel: 'C0LEADS', ts: '1764000000.000100' };

let world: ReturnType<typeof restartableApp>;
afterEach(() => world?.closeAll());

const runsOf = (app: Container, kind: string) => app.repos.runs.list({ limit: 50, kind });
const foundAddress = async (app: Container, companyId: number) =>
  (await app.repos.contacts.primaryFor(companyId))?.emailKind === 'found';

describe('work the flow never got to before a restart', () => {
  it('approved leads never enriched are enriched and drafted at startup, with cards in the thread that found them', async () => {
    world = restartableApp();
    const first = await world.start();
    const found = await searchInThread(first, thread, 4);
    const [a, b, c] = found.leads.map((l) => l.company.id);
    await approveLeads(first, [a!, b!]);
    await decideLead(
      { companyId: c!, decision: 'rejected', actor: operator },
      { companies: first.repos.companies, approvals: first.repos.approvals, tx: first.tx, now: first.now },
    );
    // The process dies before the flow's 2-second batching delay ends: nothing was enriched.

    const second = await world.start();
    const notes = recordNotifications(second, ['draftsReady', 'runFailed']);
    const report = await resumeInterrupted(second);
    expect(report.recovered.enriched).toEqual([a!, b!].sort((x, y) => x - y));
    const enrich = await runsOf(second, 'enrich');
    expect(enrich).toHaveLength(1);
    expect(enrich[0]).toMatchObject({ trigger: 'startup', requestedBy: operator.id, slackThreadTs: thread.ts });
    for (const id of [a!, b!]) {
      expect(await second.repos.contacts.primaryFor(id)).toBeDefined();
      expect((await second.repos.drafts.currentForCompany(id))?.status).toBe('pending');
    }
    expect(await second.repos.contacts.listForCompany(c!)).toEqual([]);
    const ready = notes.of('draftsReady');
    expect(ready).toHaveLength(1);
    expect(await second.repos.runs.get(ready[0]!.runId!)).toMatchObject({ kind: 'write', slackThreadTs: thread.ts });
    expect(notes.of('runFailed')).toEqual([]);

    const third = await world.start();
    const again = await resumeInterrupted(third);
    expect(again.recovered).toEqual({ enriched: [], written: [], queued: [] });
    expect(await runsOf(third, 'enrich')).toHaveLength(1);
    expect(await runsOf(third, 'write')).toHaveLength(1);
  });

  it('a lead an enrich run already tried (no contact found) is not enriched again', async () => {
    world = restartableApp();
    const first = await world.start();
    const found = await first.searchCompanies({
      industry: 'healthcare',
      location: 'Buffalo, NY',
      count: 3,
      trigger: 'cli',
    });
    const ids = found.leads.map((l) => l.company.id);
    await approveLeads(first, ids);
    const nobody = { name: 'hunter', find: async () => ({ candidates: [], notes: [] }) };
    first.enrichment = { ...first.enrichment, providers: [nobody] };
    await runStage(first, 'enrich', { trigger: 'cli', requestedBy: operator.id });
    expect(await filterAsync(ids, async (id) => Boolean(await first.repos.contacts.primaryFor(id)))).toEqual([]);
    const second = await world.start();
    const report = await resumeInterrupted(second);
    expect(report.recovered).toEqual({ enriched: [], written: [], queued: [] });
    expect(await runsOf(second, 'enrich')).toHaveLength(1);
  });

  it('a human-approved draft without a sequence gets one at startup and is sent once', async () => {
    world = restartableApp();
    const first = await world.start();
    const found = await searchInThread(first, thread, 3);
    const ids = found.leads.map((l) => l.company.id);
    await approveLeads(first, ids);
    await runStage(first, 'enrich', { trigger: 'slack', requestedBy: operator.id, companyIds: ids });
    await runStage(first, 'write', { trigger: 'slack', requestedBy: operator.id, companyIds: ids });
    const current = await mapAsync(ids, async (id) => (await first.repos.drafts.currentForCompany(id))!);
    const [draft] = await filterAsync(current, (d) => foundAddress(first, d.companyId));
    if (!draft) throw new Error('no draft with a found address');
    await first.draftGate.approveDraft(draft.id, { ...operator, id: 'U0APPROVER' });
    // The process dies before the flow starts the sequence.

    const second = await world.start();
    const notes = recordNotifications(second, ['draftsSent']);
    const report = await resumeInterrupted(second);
    expect(report.recovered.queued).toEqual([draft.id]);
    expect(await second.outreach.outreach.sequenceForDraft(draft.id)).toBeDefined();
    expect(world.outbox()).toHaveLength(1);
    expect(notes.of('draftsSent')).toEqual([{ draftIds: [draft.id] }]);
    expect((await runsOf(second, 'outreach'))[0]).toMatchObject({ trigger: 'startup', requestedBy: 'U0APPROVER' });

    const third = await world.start();
    await resumeInterrupted(third);
    expect(world.outbox()).toHaveLength(1);
    expect(await runsOf(third, 'outreach')).toHaveLength(1);
  });
});

describe('runs waiting at a gate', () => {
  it('wait through restarts untouched, and continue when the decisions arrive afterwards', async () => {
    world = restartableApp();
    const first = await world.start();
    const found = await searchInThread(first, thread, 3);
    const runId = found.runId;
    expect((await first.repos.runs.get(runId))!.status).toBe('awaiting_approval');
    const logsBefore = (await first.repos.runs.logs(runId)).length;

    const second = await world.start();
    const report = await resumeInterrupted(second);
    expect(report.runs).toEqual([]);
    expect(await second.repos.runs.get(runId)).toMatchObject({ status: 'awaiting_approval', attempts: 0 });
    expect(await second.repos.runs.logs(runId)).toHaveLength(logsBefore);
    // Gate 1 after the restart: the decision is a row, the flow of the new process follows it up.
    const notes = recordNotifications(second, ['draftsReady', 'draftsSent', 'runFailed']);
    const flow = await createFlow(second, { enrichDelayMs: 500 });
    const ids = found.leads.map((l) => l.company.id);
    await approveLeads(second, ids);
    for (const id of ids) await flow.leadDecided(id, 'approved');
    await flow.idle();
    const ready = notes.of('draftsReady');
    expect(ready).toHaveLength(1);
    expect((await second.repos.runs.get(ready[0]!.runId!))!.slackThreadTs).toBe(thread.ts);

    // Gate 2 after another restart.
    const third = await world.start();
    await resumeInterrupted(third);
    const [draftId] = await filterAsync(ready[0]!.draftIds, async (id) =>
      foundAddress(third, (await third.repos.drafts.get(id))!.companyId),
    );
    if (draftId === undefined) throw new Error('no draft with a found address');
    expect((await third.repos.drafts.get(draftId))!.status).toBe('pending');
    await third.draftGate.approveDraft(draftId, operator);
    const thirdFlow = await createFlow(third);
    await thirdFlow.draftApproved(draftId);
    await thirdFlow.idle();
    expect((await third.repos.drafts.get(draftId))!.status).toBe('sent');
    expect(world.outbox()).toHaveLength(1);
    expect(notes.of('runFailed')).toEqual([]);
  });
});
