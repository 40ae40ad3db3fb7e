import { afterEach, describe, expect, it } from 'vitest';
import { createFlow } from '../../src/app/flow.js';
import { resumeInterrupted } from '../../src/app/runs/resume.js';
import { runStage } from '../../src/app/stages/run-stage.js';
import type { Container } from '../../src/container/index.js';
import { decideLead } from '../../src/pipeline/approvals/decide-lead.js';
import { approveLeads, operator, recordNotifications, restartableApp, searchInThread } from './helpers.js';

const thread = { channel: 'C0LEADS', ts: '1764000000.000100' };

let world: ReturnType<typeof restartableApp>;
afterEach(() => world?.closeAll());

const runsOf = (app: Container, kind: string) => app.repos.runs.list({ limit: 50, kind });
const foundAddress = (app: Container, companyId: number) =>
  app.repos.contacts.primaryFor(companyId)?.emailKind === 'found';

describe('work the flow never got to before a restart', () => {
  it('approved leads never enriched are enriched and drafted at startup, with cards in the thread that found them', async () => {
    world = restartableApp();
    const first = world.start();
    const found = await searchInThread(first, thread, 4);
    const [a, b, c] = found.leads.map((l) => l.company.id);
    approveLeads(first, [a!, b!]);
    decideLead(
      { companyId: c!, decision: 'rejected', actor: operator },
      { companies: first.repos.companies, approvals: first.repos.approvals, tx: first.tx, now: first.now },
    );
    // The process dies before the flow's 2-second batching delay ends: nothing was enriched.

    const second = world.start();
    const notes = recordNotifications(second, ['draftsReady', 'runFailed']);
    const report = await resumeInterrupted(second);
    expect(report.recovered.enriched).toEqual([a!, b!].sort((x, y) => x - y));
    const enrich = runsOf(second, 'enrich');
    expect(enrich).toHaveLength(1);
    expect(enrich[0]).toMatchObject({ trigger: 'startup', requestedBy: operator.id, slackThreadTs: thread.ts });
    for (const id of [a!, b!]) {
      expect(second.repos.contacts.primaryFor(id)).toBeDefined();
      expect(second.repos.drafts.currentForCompany(id)?.status).toBe('pending');
    }
    expect(second.repos.contacts.listForCompany(c!)).toEqual([]);
    const ready = notes.of('draftsReady');
    expect(ready).toHaveLength(1);
    expect(second.repos.runs.get(ready[0]!.runId!)).toMatchObject({ kind: 'write', slackThreadTs: thread.ts });
    expect(notes.of('runFailed')).toEqual([]);

    const third = world.start();
    const again = await resumeInterrupted(third);
    expect(again.recovered).toEqual({ enriched: [], written: [], queued: [] });
    expect(runsOf(third, 'enrich')).toHaveLength(1);
    expect(runsOf(third, 'write')).toHaveLength(1);
  });

  it('a lead an enrich run already tried (no contact found) is not enriched again', async () => {
    world = restartableApp();
    const first = world.start();
    const found = await first.searchCompanies({
      industry: 'healthcare',
      location: 'Buffalo, NY',
      count: 3,
      trigger: 'cli',
    });
    const ids = found.leads.map((l) => l.company.id);
    approveLeads(first, ids);
    const nobody = { name: 'hunter', find: async () => ({ candidates: [], notes: [] }) };
    first.enrichment = { ...first.enrichment, providers: [nobody] };
    await runStage(first, 'enrich', { trigger: 'cli', requestedBy: operator.id });
    expect(ids.filter((id) => first.repos.contacts.primaryFor(id))).toEqual([]);
    const second = world.start();
    const report = await resumeInterrupted(second);
    expect(report.recovered).toEqual({ enriched: [], written: [], queued: [] });
    expect(runsOf(second, 'enrich')).toHaveLength(1);
  });

  it('a human-approved draft without a sequence gets one at startup and is sent once', async () => {
    world = restartableApp();
    const first = world.start();
    const found = await searchInThread(first, thread, 3);
    const ids = found.leads.map((l) => l.company.id);
    approveLeads(first, ids);
    await runStage(first, 'enrich', { trigger: 'slack', requestedBy: operator.id, companyIds: ids });
    await runStage(first, 'write', { trigger: 'slack', requestedBy: operator.id, companyIds: ids });
    const draft = ids
      .map((id) => first.repos.drafts.currentForCompany(id)!)
      .find((d) => foundAddress(first, d.companyId))!;
    first.draftGate.approveDraft(draft.id, { ...operator, id: 'U0APPROVER' });
    // The process dies before the flow starts the sequence.

    const second = world.start();
    const notes = recordNotifications(second, ['draftsSent']);
    const report = await resumeInterrupted(second);
    expect(report.recovered.queued).toEqual([draft.id]);
    expect(second.outreach.outreach.sequenceForDraft(draft.id)).toBeDefined();
    expect(world.outbox()).toHaveLength(1);
    expect(notes.of('draftsSent')).toEqual([{ draftIds: [draft.id] }]);
    expect(runsOf(second, 'outreach')[0]).toMatchObject({ trigger: 'startup', requestedBy: 'U0APPROVER' });

    const third = world.start();
    await resumeInterrupted(third);
    expect(world.outbox()).toHaveLength(1);
    expect(runsOf(third, 'outreach')).toHaveLength(1);
  });
});

describe('runs waiting at a gate', () => {
  it('wait through restarts untouched, and continue when the decisions arrive afterwards', async () => {
    world = restartableApp();
    const first = world.start();
    const found = await searchInThread(first, thread, 3);
    const runId = found.runId;
    expect(first.repos.runs.get(runId)!.status).toBe('awaiting_approval');
    const logsBefore = first.repos.runs.logs(runId).length;

    const second = world.start();
    const report = await resumeInterrupted(second);
    expect(report.runs).toEqual([]);
    expect(second.repos.runs.get(runId)).toMatchObject({ status: 'awaiting_approval', attempts: 0 });
    expect(second.repos.runs.logs(runId)).toHaveLength(logsBefore);
    // Gate 1 after the restart: the decision is a row, the flow of the new process follows it up.
    const notes = recordNotifications(second, ['draftsReady', 'draftsSent', 'runFailed']);
    const flow = createFlow(second, { enrichDelayMs: 1 });
    const ids = found.leads.map((l) => l.company.id);
    approveLeads(second, ids);
    for (const id of ids) flow.leadDecided(id, 'approved');
    await flow.idle();
    const ready = notes.of('draftsReady');
    expect(ready).toHaveLength(1);
    expect(second.repos.runs.get(ready[0]!.runId!)!.slackThreadTs).toBe(thread.ts);

    // Gate 2 after another restart.
    const third = world.start();
    await resumeInterrupted(third);
    const draftId = ready[0]!.draftIds.find((id) => foundAddress(third, third.repos.drafts.get(id)!.companyId))!;
    expect(third.repos.drafts.get(draftId)!.status).toBe('pending');
    third.draftGate.approveDraft(draftId, operator);
    await createFlow(third).draftApproved(draftId);
    expect(third.repos.drafts.get(draftId)!.status).toBe('sent');
    expect(world.outbox()).toHaveLength(1);
    expect(notes.of('runFailed')).toEqual([]);
  });
});
