import { afterEach, describe, expect, it } from 'vitest';
import type { MailTransport, SendOutcome } from '../../../src/pipeline/outreach/ports.js';
import { resolveSend } from '../../../src/pipeline/outreach/resolve.js';
import { MAX_SEND_ATTEMPTS } from '../../../src/pipeline/outreach/retry.js';
import { sendDue } from '../../../src/pipeline/outreach/send-due.js';
import { startSequence } from '../../../src/pipeline/outreach/start-sequence.js';
import { dayKey } from '../../../src/pipeline/outreach/time.js';
import { createSmtpTransport } from '../../../src/providers/mail/smtp.js';
import { outreachWorld } from '../../helpers/outreach-world.js';
import { reply, type SmtpStandIn, startSmtp } from '../../helpers/smtp-server.js';

const MIN = 60_000;
let smtp: SmtpStandIn | undefined;
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});

/** An outreach world sending through a real SMTP server, with one approved draft queued. */
async function smtpWorld(server: SmtpStandIn, extra: Parameters<typeof outreachWorld>[0] = {}) {
  const w = outreachWorld({ transport: createSmtpTransport({ url: server.url, timeoutMs: 5_000 }), ...extra });
  const queued = await w.approvedDraft();
  await startSequence(queued.draft.id, w.deps);
  const send = async () =>
    (
      await w.deps.outreach.listSends({ status: ['scheduled', 'intended', 'uncertain', 'sent', 'failed', 'cancelled'] })
    ).find((e) => e.draftId === queued.draft.id && e.touch === 0)!;
  const reservedToday = () => w.deps.senderState.reserved('default', dayKey(w.clock(), 'America/New_York'));
  return { ...w, queued, send, reservedToday };
}

describe('outreach when the mail server misbehaves', () => {
  it('greylisting: not sent, rescheduled durably with backoff (the cap slot given back), then sent once', async () => {
    let tries = 0;
    smtp = await startSmtp({ onRcptTo: (_a, _s, cb) => (++tries === 1 ? cb(reply(451, '4.7.1 Greylisted')) : cb()) });
    const w = await smtpWorld(smtp);
    const first = await sendDue(w.deps);
    expect(first.sent).toBe(0);
    expect(first.retrying).toHaveLength(1);
    const waiting = await w.send();
    expect(waiting).toMatchObject({
      status: 'scheduled',
      attempts: 1,
      messageId: null,
      error: expect.stringContaining('451'),
    });
    // Attempt 1: five minutes, half of it jittered (the world's random is 0.5): 3.75 minutes.
    expect(waiting.scheduledFor!.getTime() - w.clock().getTime()).toBe(3.75 * MIN);
    expect(await w.reservedToday()).toBe(0);
    expect((await sendDue(w.deps)).sent).toBe(0); // not due yet: no second attempt before the backoff
    w.clock.advance(4 * MIN);
    expect((await sendDue(w.deps)).sent).toBe(1);
    expect(smtp.received).toHaveLength(1);
    expect(await w.send()).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await w.reservedToday()).toBe(1);
    expect(w.alerts.review).toEqual([]);
  });

  it('honours Retry-After when it asks for longer than the backoff', async () => {
    const twoHours: MailTransport = {
      name: 'sendgrid',
      send: async (): Promise<SendOutcome> => ({ status: 'retry', reason: 'SendGrid 429', retryAfterMs: 120 * MIN }),
      reconcile: async () => 'unknown',
    };
    const w = outreachWorld({ transport: twoHours });
    const { draft } = await w.approvedDraft();
    await startSequence(draft.id, w.deps);
    await sendDue(w.deps);
    const [event] = await w.deps.outreach.listSends({ status: ['scheduled'] });
    expect(event!.scheduledFor!.getTime() - w.clock().getTime()).toBe(120 * MIN);
  });

  it('a connection lost after the end of DATA is uncertain: a person is asked, nothing is resent, follow-ups wait', async () => {
    smtp = await startSmtp({
      onData(stream) {
        stream.resume();
        stream.on('end', () => smtp!.dropConnections());
      },
    });
    const w = await smtpWorld(smtp);
    const report = await sendDue(w.deps);
    expect(report.uncertain).toHaveLength(1);
    const event = await w.send();
    expect(event.status).toBe('uncertain');
    expect(w.alerts.review).toEqual([
      { eventId: event.id, status: 'uncertain', reason: expect.stringContaining('after the whole message') },
    ]);
    w.clock.advance(60 * MIN);
    expect((await sendDue(w.deps)).sent).toBe(0);
    expect(await w.deps.outreach.listSends({ status: ['scheduled'] })).toEqual([]);
    // A person checked the Sent folder: it did leave.
    const marked = await resolveSend({ eventId: event.id, action: 'mark_sent', by: 'U0ANA' }, w.deps);
    expect(marked.applied).toBe(true);
    expect(await w.send()).toMatchObject({ status: 'sent' });
    expect((await w.deps.outreach.listSends({ status: ['scheduled'] })).map((e) => e.touch)).toEqual([1, 2, 3]);
    expect((await w.deps.outreach.sequenceForDraft(w.queued.draft.id))!.sender).toBe('default');
    const again = await resolveSend({ eventId: event.id, action: 'cancel', by: 'U0BEN' }, w.deps);
    expect(again.applied).toBe(false);
  });

  it('Resend sends an uncertain message again once a person says so; Cancel on a first email stops its sequence', async () => {
    let drop = true;
    smtp = await startSmtp({
      onData(stream, _s, cb) {
        stream.resume();
        stream.on('end', () => (drop ? smtp!.dropConnections() : cb()));
      },
    });
    const w = await smtpWorld(smtp);
    await sendDue(w.deps);
    const event = await w.send();
    drop = false;
    await resolveSend({ eventId: event.id, action: 'resend', by: 'U0ANA' }, w.deps);
    expect((await sendDue(w.deps)).sent).toBe(1);
    expect(await w.send()).toMatchObject({ status: 'sent', detail: expect.objectContaining({ resolvedBy: 'U0ANA' }) });

    drop = true;
    const other = await w.approvedDraft();
    await startSequence(other.draft.id, w.deps);
    await sendDue(w.deps);
    const [uncertain] = await w.deps.outreach.listSends({ status: ['uncertain'] });
    await resolveSend({ eventId: uncertain!.id, action: 'cancel', by: 'U0ANA' }, w.deps);
    expect(await w.deps.outreach.getEvent(uncertain!.id)).toMatchObject({ status: 'cancelled' });
    expect((await w.deps.outreach.sequenceForDraft(other.draft.id))!).toMatchObject({ status: 'stopped' });
  });

  it('550 to RCPT is a hard bounce: suppressed, contact bounced, sequence stopped, the cap slot given back', async () => {
    smtp = await startSmtp({ onRcptTo: (_a, _s, cb) => cb(reply(550, '5.1.1 User unknown')) });
    const w = await smtpWorld(smtp);
    const report = await sendDue(w.deps);
    expect(report.failed).toEqual([{ eventId: expect.any(Number), error: 'SMTP RCPT TO: 550 5.1.1 User unknown' }]);
    expect(await w.send()).toMatchObject({ status: 'failed', classification: 'hard_bounce' });
    expect(await w.deps.suppressions.match(w.queued.contact.email!)).toMatchObject({
      reason: expect.stringContaining('hard bounce'),
    });
    expect((await w.contacts.get(w.queued.contact.id))!.status).toBe('bounced');
    expect((await w.deps.outreach.sequenceForDraft(w.queued.draft.id))!.status).toBe('stopped');
    expect(await w.reservedToday()).toBe(0);
    expect(w.alerts.paused).toEqual([]);
  });

  it('535 at AUTH pauses the sender and alerts once; nothing about the recipients; resumed, it sends', async () => {
    let logins = 0;
    let accept = false;
    smtp = await startSmtp({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth: (_auth, _s, cb) => {
        logins++;
        if (accept) cb(null, { user: 'ana' });
        else cb(reply(535, '5.7.8 Authentication failed'));
      },
    });
    const w = outreachWorld({
      transport: createSmtpTransport({ url: `smtp://ana:pw@127.0.0.1:${smtp.port}`, timeoutMs: 5_000 }),
    });
    for (let i = 0; i < 3; i++) await startSequence((await w.approvedDraft()).draft.id, w.deps);
    const report = await sendDue(w.deps);
    expect(logins).toBe(1);
    expect(report.pausedSenders).toEqual(['default']);
    expect(w.alerts.paused).toEqual([
      expect.objectContaining({ sender: 'default', cause: 'sender_broken', reason: expect.stringContaining('535') }),
    ]);
    const sends = await w.deps.outreach.listSends({ status: ['scheduled'] });
    expect(sends).toHaveLength(3);
    expect(sends.every((s) => s.attempts === 0)).toBe(true);
    expect(await w.deps.suppressions.list()).toEqual([]);
    const later = await sendDue(w.deps);
    expect(logins).toBe(1);
    expect(later.waitingOnSender.map((x) => x.why)).toEqual(['sender paused', 'sender paused', 'sender paused']);
    expect(w.alerts.paused).toHaveLength(1);
    accept = true;
    expect(await w.deps.senderState.resume('default', w.clock())).toBe(true);
    expect((await sendDue(w.deps)).sent).toBe(3);
  });

  it('a sender that keeps failing to connect alerts the team once, not once per message', async () => {
    const down: MailTransport = {
      name: 'smtp',
      send: async () => ({ status: 'retry', reason: 'SMTP CONN: connect ECONNREFUSED' }),
      reconcile: async () => 'unknown',
    };
    const w = outreachWorld({ transport: down });
    for (let i = 0; i < 4; i++) await startSequence((await w.approvedDraft()).draft.id, w.deps);
    for (let pass = 0; pass < 6; pass++) {
      await sendDue(w.deps);
      w.clock.advance(5 * 60 * MIN);
    }
    expect(w.alerts.failing).toEqual([expect.objectContaining({ sender: 'default', failures: 3 })]);
    expect(w.alerts.paused).toEqual([]);
  });

  it(`after ${MAX_SEND_ATTEMPTS} attempts a send is handed to a person as failed, never retried forever`, async () => {
    const down: MailTransport = {
      name: 'smtp',
      send: async () => ({ status: 'retry', reason: 'SMTP CONN: ETIMEDOUT' }),
      reconcile: async () => 'unknown',
    };
    const w = outreachWorld({ transport: down });
    const { draft } = await w.approvedDraft();
    await startSequence(draft.id, w.deps);
    for (let pass = 0; pass < MAX_SEND_ATTEMPTS + 3; pass++) {
      await sendDue(w.deps);
      w.clock.advance(5 * 60 * MIN);
    }
    const [event] = await w.deps.outreach.listSends({ status: ['failed'] });
    expect(event).toMatchObject({
      attempts: MAX_SEND_ATTEMPTS,
      error: expect.stringContaining(`after ${MAX_SEND_ATTEMPTS} attempts`),
    });
    expect(w.alerts.review).toEqual([expect.objectContaining({ eventId: event!.id, status: 'failed' })]);
    await resolveSend({ eventId: event!.id, action: 'resend', by: 'U0ANA' }, w.deps);
    expect(await w.deps.outreach.getEvent(event!.id)).toMatchObject({ status: 'scheduled', attempts: 0 });
  });
});
