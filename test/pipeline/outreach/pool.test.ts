import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import { capToday } from '../../../src/pipeline/outreach/pool/capacity.js';
import { createSenderHealth } from '../../../src/pipeline/outreach/pool/health.js';
import { sendingPolicySchema } from '../../../src/pipeline/outreach/pool/policy.js';
import { recipientZone } from '../../../src/pipeline/outreach/pool/zone.js';
import { sendDue } from '../../../src/pipeline/outreach/send-due.js';
import { startSequence } from '../../../src/pipeline/outreach/start-sequence.js';
import { outboxFileName } from '../../../src/providers/mail/outbox.js';
import { OPEN_POLICY, outreachWorld } from '../../helpers/outreach-world.js';

const DAY = 86_400_000;
const MIN = 60_000;
const realPolicy = () => createDirectiveStore('directives').block('outreach', 'sending', sendingPolicySchema);
const two = [
  { name: 'ana', from: 'Ana Ruiz <ana@leadbot-sandbox.example>', dailyCap: 5, warmup: false },
  { name: 'ben', from: 'Ben Ode <ben@leadbot-sandbox.example>', dailyCap: 5, warmup: false },
];

describe('the sender pool', () => {
  it('a new sequence takes the sender with most room; its follow-ups stay on that sender', async () => {
    const w = outreachWorld({ senders: two });
    const a = await w.approvedDraft();
    const b = await w.approvedDraft();
    for (const x of [a, b]) await startSequence(x.draft.id, w.deps);
    expect((await sendDue(w.deps)).sent).toBe(2);
    const seqA = (await w.deps.outreach.sequenceForDraft(a.draft.id))!;
    const seqB = (await w.deps.outreach.sequenceForDraft(b.draft.id))!;
    expect([seqA.sender, seqB.sender]).toEqual(['ana', 'ben']);
    // Ben has more room now, but a's follow-up still comes from Ana, threaded from her address.
    w.clock.advance(3 * DAY);
    expect((await sendDue(w.deps)).sent).toBe(2);
    const followUp = (await w.deps.outreach.eventsForSequence(seqA.id)).find((e) => e.touch === 1)!;
    expect(followUp).toMatchObject({ status: 'sent', sender: 'ana', mailbox: 'ana@leadbot-sandbox.example' });
    const mail = await simpleParser(readFileSync(join(w.outboxDir, outboxFileName(followUp.messageId!))));
    expect(mail.from?.value[0]?.address).toBe('ana@leadbot-sandbox.example');
    expect(mail.text).toContain('Ana Ruiz');
  });

  it('daily caps are reservations in the database: two instances sharing it never pass the cap together', async () => {
    const w = outreachWorld({ cap: 2 });
    for (let i = 0; i < 5; i++) await startSequence((await w.approvedDraft()).draft.id, w.deps);
    // A second process on the same database: its own sender objects and transport, the same rows.
    const other = { ...w.deps, senders: w.deps.senders.map((s) => ({ ...s })) };
    const [one, two] = await Promise.all([sendDue(w.deps), sendDue(other)]);
    expect(one.sent + two.sent).toBe(2);
    expect(one.capReached || two.capReached).toBe(true);
    w.clock.advance(DAY);
    expect((await sendDue(other)).sent).toBe(2);
  });

  it('warm-up: 10 a day on the first day, rising to the cap over the policy days', async () => {
    const policy = { ...OPEN_POLICY, warmup: { start: 10, days: 28 } };
    const member = { dailyCap: 50, warmup: true };
    const start = new Date('2026-11-02T15:00:00Z');
    const on = (days: number) =>
      capToday(member, { warmupStartedAt: start }, new Date(start.getTime() + days * DAY), policy, 'UTC');
    expect([on(0), on(7), on(14), on(28), on(60)]).toEqual([10, 20, 30, 50, 50]);
    expect(capToday({ dailyCap: 50, warmup: false }, { warmupStartedAt: start }, start, policy, 'UTC')).toBe(50);
    expect(capToday(member, undefined, start, policy, 'UTC')).toBe(10);

    const w = outreachWorld({
      senders: [{ name: 'new', from: 'New <new@leadbot-sandbox.example>', dailyCap: 50, warmup: true }],
    });
    for (let i = 0; i < 12; i++) await startSequence((await w.approvedDraft()).draft.id, w.deps);
    const first = await sendDue(w.deps);
    expect(first).toMatchObject({ sent: 10, capReached: true });
  });

  it('pauses a sender past 2% hard bounces over its last 100 sends, with the numbers; a complaint pauses at once', async () => {
    const w = outreachWorld({ senders: two });
    const health = createSenderHealth(w.deps);
    const sends = [];
    for (let i = 0; i < 100; i++) {
      const { event } = await w.deps.outreach.insertEvent(
        {
          kind: 'send',
          status: 'sent',
          sender: 'ana',
          recipient: `r${i}@x.example`,
          occurredAt: new Date(w.clock().getTime() - i * MIN),
        },
        w.clock(),
      );
      sends.push(event);
    }
    await health.hardBounce(sends[0]!);
    await health.hardBounce(sends[1]!);
    expect((await w.deps.senderState.get('ana'))!.status).toBe('active');
    await health.hardBounce(sends[2]!);
    expect((await w.deps.senderState.get('ana'))!).toMatchObject({
      status: 'paused',
      pauseReason: expect.stringContaining('3 hard bounces in its last 100 sends (3%)'),
    });
    expect(w.alerts.paused).toEqual([
      expect.objectContaining({
        sender: 'ana',
        cause: 'bounce_rate',
        numbers: { hardBounces: 3, sends: 100, threshold: 0.02, over: 100 },
      }),
    ]);
    await health.hardBounce(sends[3]!);
    expect(w.alerts.paused).toHaveLength(1);

    const { event: benSend } = await w.deps.outreach.insertEvent(
      { kind: 'send', status: 'sent', sender: 'ben' },
      w.clock(),
    );
    await health.complaint(benSend, 'pat@x.example');
    expect(w.alerts.paused[1]).toMatchObject({
      sender: 'ben',
      cause: 'complaint',
      reason: expect.stringContaining('pat@x.example'),
    });
  });

  it("a paused sender's sequences wait: they do not move to another sender on their own", async () => {
    const w = outreachWorld({ senders: two });
    const a = await w.approvedDraft();
    await startSequence(a.draft.id, w.deps);
    await sendDue(w.deps);
    await w.deps.senderState.pause('ana', { reason: 'test', by: 'U0ANA' }, w.clock());
    w.clock.advance(3 * DAY);
    const report = await sendDue(w.deps);
    expect(report.sent).toBe(0);
    expect(report.waitingOnSender).toEqual([expect.objectContaining({ sender: 'ana', why: 'sender paused' })]);
  });
});

describe('send windows in the recipient local time', () => {
  it('a send due on Saturday goes on Monday inside 08:00–17:00 New York time, spread, not at 08:00 sharp', async () => {
    const draws = [0.1, 0.5, 0.9];
    const w = outreachWorld({ policy: realPolicy(), random: () => draws.shift() ?? 0.5 });
    w.clock.set('2026-11-28T15:00:00Z'); // Saturday 10:00 in Buffalo
    for (let i = 0; i < 3; i++) await startSequence((await w.approvedDraft()).draft.id, w.deps);
    const report = await sendDue(w.deps);
    expect(report).toMatchObject({ sent: 0, outsideWindow: 3 });
    const times = (await w.deps.outreach.listSends({ status: ['scheduled'] }))
      .map((e) => e.scheduledFor!.toISOString())
      .sort();
    // Monday Nov 30, 08:00 EST = 13:00Z; 9 hours of window, drawn over its first 90%.
    expect(times).toEqual(['2026-11-30T13:48:36.000Z', '2026-11-30T17:03:00.000Z', '2026-11-30T20:17:24.000Z']);
    w.clock.set('2026-11-30T13:50:00Z');
    expect((await sendDue(w.deps)).sent).toBe(1);
  });

  it('windows follow each recipient: 09:30 in Buffalo sends, 07:30 in Denver waits; no location means the team TZ', async () => {
    const w = outreachWorld({ policy: { ...realPolicy(), gapMinutes: 0 } });
    w.clock.set('2026-11-25T14:30:00Z'); // Wednesday
    const buffalo = await w.approvedDraft();
    const denver = await w.approvedDraft({ company: { city: 'Denver', state: 'CO' } });
    const nowhere = await w.approvedDraft({ company: { city: null, state: null, country: null } });
    for (const x of [buffalo, denver, nowhere]) await startSequence(x.draft.id, w.deps);
    const report = await sendDue(w.deps);
    expect(report).toMatchObject({ sent: 2, outsideWindow: 1 });
    expect((await w.deps.outreach.listSends({ status: ['scheduled'] }))[0]!.draftId).toBe(denver.draft.id);
    expect(await recipientZone(denver.company.id, w.deps)).toEqual({ zone: 'America/Denver', source: 'city' });
    expect(await recipientZone(nowhere.company.id, w.deps)).toEqual({ zone: 'America/New_York', source: 'team' });
  });

  it("keeps the directive's gap between two sends from one mailbox, so a day's sends are spread", async () => {
    const w = outreachWorld({ policy: realPolicy() });
    for (let i = 0; i < 3; i++) await startSequence((await w.approvedDraft()).draft.id, w.deps);
    const first = await sendDue(w.deps);
    expect(first.sent).toBe(1);
    expect(first.waitingOnSender.map((x) => x.why)).toEqual(['pacing between sends', 'pacing between sends']);
    w.clock.advance(realPolicy().gapMinutes * MIN);
    expect((await sendDue(w.deps)).sent).toBe(1);
  });
});
