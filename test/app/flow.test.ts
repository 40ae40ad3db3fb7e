import { describe, expect, it } from 'vitest';
import { createFlow, FLOW_JOBS } from '../../src/app/flow.js';
import type { Actor } from '../../src/pipeline/approvals/ports.js';
import { filterAsync, mapAsync } from '../../src/pipeline/async.js';
import { JobDeferred, type JobHandler } from '../../src/pipeline/jobs/ports.js';
import { approveLeads, recordNotifications, sandboxApp, searchInThread } from './helpers.js';

const threadA = { channel: 'C0LEADS', ts: '1764000000.000100' };
const threadB = { channel: 'C0LEADS', ts: '1764000999.000200' };
const clicker: Actor = { id: 'U0CLICKER', name: 'Ana', source: 'slack' };

describe('the flow after a human decides', () => {
  it('approving two leads enriches them and posts their drafts in the thread that found them, in one batch', async () => {
    const { app } = await sandboxApp();
    const notes = recordNotifications(app, ['draftsReady', 'runFailed']);
    const flow = await createFlow(app, { enrichDelayMs: 500 });
    const found = await searchInThread(app, threadA, 4);
    const [a, b] = found.leads.map((l) => l.company.id);
    await approveLeads(app, [a!, b!], clicker);
    await flow.leadDecided(a!, 'approved');
    await flow.leadDecided(b!, 'approved');
    await flow.leadDecided(found.leads[2]!.company.id, 'rejected');
    await flow.idle();
    for (const id of [a!, b!]) {
      expect((await app.repos.contacts.primaryFor(id))?.email).toMatch(/@.+\.example$/);
      expect((await app.repos.drafts.currentForCompany(id))?.status).toBe('pending');
    }
    expect(await app.repos.drafts.currentForCompany(found.leads[2]!.company.id)).toBeUndefined();
    const ready = notes.of('draftsReady');
    expect(ready).toHaveLength(1);
    expect([...ready[0]!.draftIds].sort()).toEqual(
      (await mapAsync([a!, b!], async (id) => (await app.repos.drafts.currentForCompany(id))!.id)).sort(),
    );
    const run = (await app.repos.runs.get(ready[0]!.runId!))!;
    expect(run).toMatchObject({ kind: 'write', slackChannel: threadA.channel, slackThreadTs: threadA.ts });
    expect(run.requestedBy).toBe(clicker.id);
    expect(await app.repos.runs.list({ limit: 20, kind: 'enrich' })).toHaveLength(1);
    expect(notes.of('runFailed')).toEqual([]);
  });

  it('leads found in two threads get their drafts announced in their own thread', async () => {
    const { app } = await sandboxApp();
    const notes = recordNotifications(app, ['draftsReady']);
    const flow = await createFlow(app, { enrichDelayMs: 500 });
    const inA = (await searchInThread(app, threadA, 3)).leads.map((l) => l.company.id);
    const inB = (await searchInThread(app, threadB, 3, 'Rochester, NY')).leads.map((l) => l.company.id);
    await approveLeads(app, [...inA, ...inB]);
    for (const id of [...inB, ...inA]) await flow.leadDecided(id, 'approved');
    await flow.idle();
    const byThread = await mapAsync(notes.of('draftsReady'), async (n) => ({
      thread: (await app.repos.runs.get(n.runId!))!.slackThreadTs,
      companies: (await mapAsync(n.draftIds, async (id) => (await app.repos.drafts.get(id))!.companyId)).sort(),
    }));
    const drafted = async (ids: number[]) =>
      (await filterAsync(ids, async (id) => Boolean(await app.repos.drafts.currentForCompany(id)))).sort();
    expect((await drafted(inA)).length).toBeGreaterThan(0);
    expect((await drafted(inB)).length).toBeGreaterThan(0);
    expect(byThread).toEqual([
      { thread: threadB.ts, companies: await drafted(inB) },
      { thread: threadA.ts, companies: await drafted(inA) },
    ]);
  });

  it('an approved draft is sent at once: its .eml is in the outbox and the card can say Sent', async () => {
    const { app, outbox } = await sandboxApp();
    const notes = recordNotifications(app, ['draftsSent', 'runFailed']);
    const flow = await createFlow(app, { enrichDelayMs: 1 });
    const found = await searchInThread(app, threadA, 3);
    const ids = found.leads.map((l) => l.company.id);
    await approveLeads(app, ids);
    for (const id of ids) await flow.leadDecided(id, 'approved');
    await flow.idle();
    const current = (await mapAsync(ids, (id) => app.repos.drafts.currentForCompany(id))).flatMap((d) => d ?? []);
    const [draft] = await filterAsync(
      current,
      async (d) => (await app.repos.contacts.get(d.contactId!))!.emailKind === 'found',
    );
    expect(draft).toBeDefined();
    await app.draftGate.approveDraft(draft!.id, clicker);
    await flow.draftApproved(draft!.id);
    expect(outbox()).toHaveLength(1);
    expect(notes.of('draftsSent')).toEqual([{ draftIds: [draft!.id] }]);
    expect((await app.repos.drafts.get(draft!.id))!.status).toBe('sent');
    const send = (await app.repos.runs.list({ limit: 5, kind: 'outreach' }))[0]!;
    expect(send).toMatchObject({ slackThreadTs: threadA.ts, requestedBy: clicker.id, status: 'completed' });
    expect(notes.of('runFailed')).toEqual([]);
  });

  it('reports failures instead of throwing: no send without a human approval, no enrichment for unknown leads', async () => {
    const { app, outbox, errors } = await sandboxApp();
    const notes = recordNotifications(app, ['runFailed']);
    const flow = await createFlow(app, { enrichDelayMs: 1 });
    const found = await searchInThread(app, threadA, 2);
    const id = found.leads[0]!.company.id;
    await approveLeads(app, [id]);
    await flow.leadDecided(id, 'approved');
    await flow.idle();
    const draft = (await app.repos.drafts.currentForCompany(id))!;
    await expect(flow.draftApproved(draft.id)).resolves.toBeUndefined();
    await flow.leadDecided(4040, 'approved');
    await flow.idle();
    expect(outbox()).toEqual([]);
    expect(notes.of('runFailed').map((n) => n.error)).toEqual([
      `Draft ${draft.id} has no recorded human approval; approve it first`,
      'No company with id 4040',
    ]);
    expect(notes.of('runFailed')[0]!.runId).toBe(draft.runId);
    expect(errors).toHaveLength(2);
  });

  it('a retry of an enrichment batch still being worked on waits its turn instead of paying for the lookups twice', async () => {
    const { app } = await sandboxApp();
    const handlers = new Map<string, JobHandler<unknown>>();
    const register = app.jobs.register.bind(app.jobs);
    app.jobs.register = async (name, spec, handler) => {
      if (handler) handlers.set(name, handler as JobHandler<unknown>);
      return register(name, spec, handler);
    };
    await createFlow(app, { enrichDelayMs: 1 });
    const found = await searchInThread(app, threadA, 2);
    const ids = found.leads.map((l) => l.company.id);
    await approveLeads(app, ids, clicker);
    const enrich = handlers.get(FLOW_JOBS.enrich)!;
    const job = (attempt: number) => ({
      id: `j${attempt}`,
      name: FLOW_JOBS.enrich,
      data: { companyIds: ids },
      attempt,
    });
    // The first attempt outlived its expiry and the queue handed the retry to this same instance.
    const first = enrich(job(1));
    await expect(enrich(job(2))).rejects.toBeInstanceOf(JobDeferred);
    await first;
    expect(await app.repos.runs.list({ limit: 20, kind: 'enrich' })).toHaveLength(1);
    // Its turn, later: nothing left to do, nothing bought again.
    await enrich(job(3));
    expect(await app.repos.runs.list({ limit: 20, kind: 'enrich' })).toHaveLength(1);
    for (const id of ids) expect(await app.repos.drafts.currentForCompany(id)).toBeDefined();
  });
});
