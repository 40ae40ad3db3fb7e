import { afterEach, describe, expect, it } from 'vitest';
import { suppressByHuman } from '../../src/app/decisions.js';
import { runStage } from '../../src/app/stages/run-stage.js';
import type { Container } from '../../src/container/index.js';
import { isAppError } from '../../src/errors.js';
import type { Actor } from '../../src/pipeline/approvals/ports.js';
import { filterAsync } from '../../src/pipeline/async.js';
import { type ImapStandIn, startImapStandIn } from '../helpers/imap-server.js';
import { approveLeads, operator, recordNotifications, replyTo, sandboxApp, searchInThread } from './helpers.js';

const thread = { channel: 'C0LEADS', ts: '1764000000.000100' };
const slack = {
  trigger: 'slack' as const,
  requestedBy: operator.id,
  slackChannel: thread.channel,
  slackThreadTs: thread.ts,
};
const cliActor: Actor = { id: 'cli:ana', name: 'ana', source: 'cli' };

/** Leads found, approved, enriched and drafted: the drafts wait at Gate 2. */
async function draftsWaiting(app: Container, count = 3) {
  const found = await searchInThread(app, thread, count);
  const ids = found.leads.map((l) => l.company.id);
  await approveLeads(app, ids);
  await runStage(app, 'enrich', slack);
  const write = await runStage(app, 'write', slack);
  return { ids, draftIds: (write.data as { drafts: { id: number }[] }).drafts.map((d) => d.id) };
}

/** Draft ids whose contact outreach may email (found or verified), so the guardrails let them through. */
function sendable(app: Container, draftIds: number[]): Promise<number[]> {
  return filterAsync(draftIds, async (id) => {
    const draft = (await app.repos.drafts.get(id))!;
    const contact = (await app.repos.contacts.get(draft.contactId!))!;
    return contact.emailKind === 'found' || contact.verification === 'valid';
  });
}

let imap: ImapStandIn | undefined;
afterEach(async () => {
  await imap?.close();
  imap = undefined;
});

describe('runStage', () => {
  it('score re-scores the leads waiting at Gate 1 as a tracked run in the thread, announcing the run at once', async () => {
    const { app } = await sandboxApp();
    const found = await searchInThread(app, thread, 4);
    await approveLeads(app, [found.leads[0]!.company.id]);
    const started: { id: string; status: string }[] = [];
    const out = await runStage(app, 'score', {
      ...slack,
      onRunStarted: async (id) => started.push({ id, status: (await app.repos.runs.get(id))!.status }),
    });
    expect(started).toEqual([{ id: out.runId, status: 'running' }]);
    expect(out.summary).toMatch(/^Re-scored 3 companies with the current ICP profile: /);
    const run = (await app.repos.runs.get(out.runId))!;
    expect(run).toMatchObject({ kind: 'score', status: 'completed', summary: out.summary, slackThreadTs: thread.ts });
    expect(run.slackChannel).toBe(thread.channel);
    const named = await runStage(app, 'score', { ...slack, companyIds: [found.leads[0]!.company.id] });
    expect(named.summary).toMatch(/^Re-scored 1 company/);
  });

  it('enrich and write run in the thread; write announces the new drafts once with its run', async () => {
    const { app } = await sandboxApp();
    const notes = recordNotifications(app, ['draftsReady']);
    const started: string[] = [];
    const found = await searchInThread(app, thread, 3);
    await approveLeads(
      app,
      found.leads.map((l) => l.company.id),
    );
    const enrich = await runStage(app, 'enrich', { ...slack, onRunStarted: (id) => started.push(id) });
    const write = await runStage(app, 'write', { ...slack, onRunStarted: (id) => started.push(id) });
    expect(started).toEqual([enrich.runId, write.runId]);
    expect(await app.repos.runs.get(enrich.runId)).toMatchObject({ kind: 'enrich', slackThreadTs: thread.ts });
    const drafts = (write.data as { drafts: { id: number }[] }).drafts.map((d) => d.id);
    expect(drafts.length).toBeGreaterThan(0);
    expect(notes.of('draftsReady')).toEqual([{ draftIds: drafts, runId: write.runId }]);
    expect(await app.repos.runs.get(write.runId)).toMatchObject({
      slackChannel: thread.channel,
      slackThreadTs: thread.ts,
    });
    const again = await runStage(app, 'write', slack);
    expect(again.summary).toMatch(/^No drafts written/);
    expect(notes.of('draftsReady')).toHaveLength(1);
  });

  it('outreach queues drafts a human approved anywhere, sends them once to the outbox and says so', async () => {
    const { app, outbox } = await sandboxApp();
    const notes = recordNotifications(app, ['draftsSent']);
    const { draftIds } = await draftsWaiting(app);
    const [first] = await sendable(app, draftIds);
    expect(first).toBeDefined();
    await app.draftGate.approveDraft(first!, cliActor);
    const out = await runStage(app, 'outreach', slack);
    expect(out.summary).toMatch(/^Sent 1 to the outbox .* \(\.eml files, nothing emailed\)$/);
    expect(outbox()).toHaveLength(1);
    expect(outbox()[0]!.text).toContain(
      `To: ${(await app.repos.contacts.get((await app.repos.drafts.get(first!))!.contactId!))!.email}`,
    );
    expect(notes.of('draftsSent')).toEqual([{ draftIds: [first] }]);
    expect((await app.repos.drafts.get(first!))!.status).toBe('sent');
    expect(await app.repos.runs.get(out.runId)).toMatchObject({
      kind: 'outreach',
      status: 'completed',
      slackThreadTs: thread.ts,
    });
    const again = await runStage(app, 'outreach', slack);
    expect(again.summary).toBe('Nothing due to send');
    expect(outbox()).toHaveLength(1);
  });

  it('outreach never sends a draft without a recorded human approval', async () => {
    const { app, outbox } = await sandboxApp();
    const { draftIds } = await draftsWaiting(app, 2);
    await app.repos.drafts.update(draftIds[0]!, { status: 'approved' }, app.now());
    const out = await runStage(app, 'outreach', slack);
    expect(out.summary).toBe(`1 approved draft not queued (#${draftIds[0]}: no recorded human approval)`);
    expect(outbox()).toEqual([]);
    expect(await app.outreach.outreach.sequenceForDraft(draftIds[0]!)).toBeUndefined();
  });

  it('outreach reports the daily cap and suppressed addresses in its one-line summary', async () => {
    const { app, outbox } = await sandboxApp({ DAILY_SEND_CAP: '1' });
    const { draftIds } = await draftsWaiting(app, 5);
    const ready = await sendable(app, draftIds);
    expect(ready.length).toBeGreaterThanOrEqual(3);
    for (const id of ready) await app.draftGate.approveDraft(id, cliActor);
    const blocked = (await app.repos.contacts.get((await app.repos.drafts.get(ready[0]!))!.contactId!))!.email!;
    await suppressByHuman(app, { target: blocked.split('@')[1]!, actor: cliActor });
    const out = await runStage(app, 'outreach', slack);
    expect(out.summary).toBe(
      `Sent 1 to the outbox ${app.config.mail.outboxDir} (.eml files, nothing emailed) · ` +
        `${ready.length - 2} deferred to tomorrow (daily cap reached) · 1 cancelled (suppressed)`,
    );
    expect(outbox()).toHaveLength(1);
    expect(outbox()[0]!.text).not.toContain(blocked);
  });

  it('track without IMAP says how to feed replies and reports stuck work', async () => {
    const { app } = await sandboxApp();
    const out = await runStage(app, 'track', slack);
    expect(out.summary).toBe(
      'No IMAP mailbox is configured (IMAP_URL), so no replies were read; feed a reply in with: ' +
        'leadbot ingest-reply FILE.eml · Nothing stuck',
    );
    expect(await app.repos.runs.get(out.runId)).toMatchObject({ kind: 'track', status: 'completed' });
  });

  it('track reads new replies from IMAP: a positive one stops the sequence and raises a hot lead', async () => {
    imap = await startImapStandIn({ user: 'ana@leadbot-sandbox.example', pass: 'secret' });
    const { app, outbox } = await sandboxApp({ IMAP_URL: imap.url });
    const notes = recordNotifications(app, ['hotLead']);
    const { draftIds } = await draftsWaiting(app, 3);
    const [id] = await sendable(app, draftIds);
    await app.draftGate.approveDraft(id!, cliActor);
    await runStage(app, 'outreach', slack);
    expect((await runStage(app, 'track', slack)).summary).toMatch(/^No new replies · /);
    imap.messages.push(
      { uid: 1, raw: replyTo(outbox()[0]!, 'Sounds good, happy to chat. Does Tuesday work?') },
      { uid: 2, raw: 'this is not an email at all' },
    );
    const out = await runStage(app, 'track', slack);
    expect(out.summary).toMatch(
      /^Read 1 new reply \(1 positive\) · 1 unreadable message\(s\) kept for review · Nothing stuck$/,
    );
    expect(await app.outreach.issues.list()).toEqual([
      expect.objectContaining({ reason: 'unreadable', source: 'imap', raw: 'this is not an email at all' }),
    ]);
    const sequence = (await app.outreach.outreach.sequenceForDraft(id!))!;
    expect(sequence).toMatchObject({ status: 'stopped', stopReason: 'replied (positive)' });
    expect(notes.of('hotLead')).toHaveLength(1);
  });

  it('rejects bad input with a message that says what is accepted', async () => {
    const { app } = await sandboxApp();
    const failure = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (err: unknown) => err,
      );
    const unknown = await failure(runStage(app, 'bake' as never, slack));
    expect(isAppError(unknown, 'invalid_input') && unknown.message).toBe(
      'Unknown stage "bake"; accepted: score, enrich, write, outreach, track',
    );
    const ids = await failure(runStage(app, 'outreach', { ...slack, companyIds: [1] }));
    expect(isAppError(ids, 'invalid_input') && ids.message).toMatch(/accepted by score, enrich, write/);
    const zero = await failure(runStage(app, 'enrich', { ...slack, companyIds: [0] }));
    expect(isAppError(zero, 'invalid_input') && zero.message).toMatch(/positive whole numbers/);
    const missing = await failure(runStage(app, 'score', { ...slack, companyIds: [404] }));
    expect(isAppError(missing, 'not_found') && missing.message).toBe('No company with id 404');
    expect(await app.repos.runs.list({ limit: 10 })).toEqual([]);
  });
});
