import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/app/actor.js';
import { runStage } from '../../src/app/stages/run-stage.js';
import type { Container } from '../../src/container/index.js';
import { filterAsync } from '../../src/pipeline/async.js';
import type { MailTransport } from '../../src/pipeline/outreach/ports.js';
import { fixedClock, onPostgres } from '../helpers/db.js';
import { approveLeads, operator, recordNotifications, sandboxLeadbot, searchInThread } from './helpers.js';

const thread = { channel: 'C0LEADS', ts: '1764000000.000100' };
const ana: Actor = { kind: 'user', surface: 'slack', id: 'U0ANA', name: 'Ana' };
const bob: Actor = { kind: 'user', surface: 'slack', id: 'U0BOB', name: 'Bob' };
const cli: Actor = { kind: 'cli', id: 'cli:ops', name: 'ops' };
const agent: Actor = { kind: 'agent', onBehalfOf: ana as Extract<Actor, { kind: 'user' }> };
const POOL = JSON.stringify([
  { name: 'ana', from: 'Ana Ruiz <ana@leadbot-sandbox.example>', transport: 'outbox', cap: 20, warmup: false },
  { name: 'ben', from: 'Ben Ode <ben@leadbot-sandbox.example>', transport: 'outbox', cap: 50 },
]);

/** Drafts waiting at Gate 2 whose contacts outreach may email. */
async function sendableDrafts(app: Container, count = 3): Promise<number[]> {
  const found = await searchInThread(app, thread, count);
  await approveLeads(
    app,
    found.leads.map((l) => l.company.id),
  );
  const req = { trigger: 'slack' as const, requestedBy: operator.id };
  await runStage(app, 'enrich', req);
  const write = await runStage(app, 'write', req);
  const ids = (write.data as { drafts: { id: number }[] }).drafts.map((d) => d.id);
  return filterAsync(ids, async (id) => {
    const contact = (await app.repos.contacts.get((await app.repos.drafts.get(id))!.contactId!))!;
    return contact.emailKind === 'found' || contact.verification === 'valid';
  });
}

const uncertain: MailTransport = {
  name: 'smtp',
  send: async () => ({
    status: 'uncertain',
    reason: 'SMTP CONN: Connection closed unexpectedly (after the whole message was sent)',
  }),
  reconcile: async () => 'unknown',
};

describe('sending in sandbox mode, with zero configuration', () => {
  it('an uncertain send is announced and listed; only approvers resend, mark as sent or cancel it', async () => {
    const { app, useCases, leadbot } = await sandboxLeadbot({ APPROVER_USER_IDS: 'U0ANA' });
    expect(app.outreach.senders.map((s) => [s.name, s.transport.name])).toEqual([['default', 'outbox']]);
    const notes = recordNotifications(app, ['sendNeedsReview']);
    const [draftId] = await sendableDrafts(app);
    const outbox = app.outreach.senders[0]!.transport;
    app.outreach.senders[0]!.transport = uncertain;
    await useCases.decideDraft({ draftId: draftId!, decision: 'approved' }, ana);
    await leadbot.flow.idle();
    const [review] = await useCases.listOutbox({}, bob);
    expect(review).toMatchObject({ status: 'uncertain', open: true, sender: 'default', touch: 0 });
    expect(notes.of('sendNeedsReview')).toEqual([
      { eventId: review!.eventId, status: 'uncertain', reason: expect.any(String) },
    ]);
    expect(review!.zone).toMatchObject({ source: expect.stringMatching(/city|coordinates/) });

    for (const who of [bob, agent])
      await expect(useCases.resolveSend({ eventId: review!.eventId, action: 'resend' }, who)).rejects.toMatchObject({
        code: 'forbidden',
      });
    app.outreach.senders[0]!.transport = outbox;
    const out = await useCases.resolveSend({ eventId: review!.eventId, action: 'resend' }, ana);
    expect(out).toMatchObject({
      applied: true,
      review: { status: 'sent', open: false, resolution: { by: 'U0ANA', action: 'resend' } },
    });
    expect(out.message).toBe(`Send #${review!.eventId} was sent again.`);
    const again = await useCases.resolveSend({ eventId: review!.eventId, action: 'cancel' }, cli);
    expect(again).toMatchObject({
      applied: false,
      message: expect.stringContaining('already resolved (resend by U0ANA)'),
    });
    expect(await useCases.listOutbox({}, bob)).toEqual([]);
  });

  it('a broken sender is paused with one alert; only approvers resume it; its sequences move only when told', async () => {
    const { app, useCases, leadbot } = await sandboxLeadbot({
      APPROVER_USER_IDS: 'U0ANA',
      MAIL_SENDERS: POOL,
      DOMAIN_SEND_INTERVAL_MINUTES: '0',
    });
    const notes = recordNotifications(app, ['senderPaused']);
    const pool = await useCases.senderPool({}, bob);
    expect(pool.senders.map((s) => [s.name, s.status, s.capToday, s.warmingUp])).toEqual([
      ['ana', 'active', 20, false],
      ['ben', 'active', 10, true],
    ]);
    expect(pool).toMatchObject({ remainingToday: 30, window: 'every day 00:00–24:00' });

    const drafts = await sendableDrafts(app, 4);
    await useCases.decideDraft({ draftId: drafts[0]!, decision: 'approved' }, ana);
    await leadbot.flow.idle();
    const first = (await app.outreach.outreach.sequenceForDraft(drafts[0]!))!;
    expect(first.sender).toBe('ana');

    const ana0 = app.outreach.senders[0]!;
    const working = ana0.transport;
    ana0.transport = {
      ...working,
      send: async () => ({ status: 'sender_broken', reason: 'SMTP AUTH PLAIN: 535 5.7.8 Authentication failed' }),
    };
    // Its first follow-up is due: the sender breaks, is paused and the team hears once.
    const [touch1] = (await app.outreach.outreach.eventsForSequence(first.id)).filter((e) => e.touch === 1);
    await app.outreach.outreach.updateEvent(touch1!.id, { scheduledFor: app.now() }, app.now());
    await useCases.runStage({ stage: 'outreach' }, cli);
    await useCases.runStage({ stage: 'outreach' }, cli);
    expect(notes.of('senderPaused')).toEqual([
      expect.objectContaining({ sender: 'ana', cause: 'sender_broken', waiting: 1 }),
    ]);
    expect(await app.outreach.outreach.getEvent(touch1!.id)).toMatchObject({ status: 'scheduled', sender: 'ana' });
    expect((await useCases.senderPool({}, bob)).senders[0]).toMatchObject({ status: 'paused', remainingToday: 0 });

    await expect(useCases.resumeSender({ name: 'ana' }, bob)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(useCases.moveSequences({ from: 'ana', to: 'ben' }, agent)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(useCases.resumeSender({ name: 'carla' }, ana)).rejects.toMatchObject({ code: 'not_found' });
    // Still on Ana, still waiting: nothing moved on its own.
    expect((await app.outreach.outreach.getSequence(first.id))!.sender).toBe('ana');
    const moved = await useCases.moveSequences({ from: 'ana', to: 'ben' }, ana);
    expect(moved).toMatchObject({ moved: 1, message: 'Moved 1 sequence(s) from ana to ben.' });
    await leadbot.flow.idle();
    expect(await app.outreach.outreach.getEvent(touch1!.id)).toMatchObject({ status: 'sent', sender: 'ben' });

    ana0.transport = working;
    expect(await useCases.resumeSender({ name: 'ana' }, ana)).toMatchObject({ resumed: true });
    expect(await useCases.resumeSender({ name: 'ana' }, cli)).toMatchObject({ resumed: false });
    const home = await useCases.home(ana);
    expect(home.pool.senders.map((s) => s.status)).toEqual(['active', 'active']);
  });

  it('a send the mail server turns away for now is tried again by a queued pass when its backoff ends', async () => {
    const clock = fixedClock('2026-12-07T14:00:00.000Z');
    const { app, useCases, leadbot } = await sandboxLeadbot({}, { now: clock });
    const [draftId] = await sendableDrafts(app);
    const outbox = app.outreach.senders[0]!.transport;
    let refusals = 0;
    app.outreach.senders[0]!.transport = {
      ...outbox,
      send: async (message) => {
        if (refusals++ === 0) return { status: 'retry', reason: 'SMTP 451 4.7.1 Greylisted, try again later' };
        return outbox.send(message);
      },
    };
    await useCases.decideDraft({ draftId: draftId!, decision: 'approved' }, ana);
    await leadbot.flow.idle();
    const [send] = await app.outreach.outreach.listSends({ status: ['scheduled'], limit: 10 });
    expect(send).toMatchObject({ draftId, touch: 0, error: expect.stringContaining('Greylisted') });
    // One pass is queued for when the backoff ends (not left to the next OUTREACH_CRON tick).
    const retries = async () => (await app.jobs.counts()).find((c) => c.name === 'flow-send-retry')?.waiting ?? 0;
    expect(await retries()).toBe(1);
    if (onPostgres()) return; // pg-boss keeps its own (real) time; the SQLite queue follows the test's clock.
    clock.advance(2 * 60 * 60_000);
    for (let i = 0; i < 400 && (await app.outreach.outreach.getEvent(send!.id))?.status !== 'sent'; i++)
      await new Promise((r) => setTimeout(r, 25));
    expect((await app.outreach.outreach.getEvent(send!.id))?.status).toBe('sent');
    expect(refusals).toBe(2);
  });
});
