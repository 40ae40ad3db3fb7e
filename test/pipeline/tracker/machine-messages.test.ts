import { describe, expect, it } from 'vitest';
import { sendDue } from '../../../src/pipeline/outreach/send-due.js';
import { ingestReply } from '../../../src/pipeline/tracker/ingest.js';
import { parseEml } from '../../../src/providers/mail/parse-eml.js';
import { sentWorld } from '../../helpers/tracker-world.js';

const DAY = 86_400_000;

/** A delivery report about `originalId` for `recipient` (RFC 3464), from a mail system with `From: <>`. */
const dsn = (recipient: string, originalId: string, action: string, status: string, id = 'dsn1') =>
  parseEml(
    [
      'From: <>',
      'To: ana@leadbot-sandbox.example',
      `Subject: Delivery Status Notification`,
      `Message-ID: <${id}@mx.example>`,
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'A report about your message.',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example',
      '',
      `Final-Recipient: rfc822; ${recipient}`,
      `Action: ${action}`,
      `Status: ${status}`,
      '--b',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${originalId}`,
      '--b--',
    ].join('\n'),
  );

const arf = (recipient: string, originalId: string) =>
  parseEml(
    [
      'From: Feedback Loop <fbl@isp.example>',
      'To: abuse@leadbot-sandbox.example',
      'Subject: Abuse report',
      'Message-ID: <arf1@isp.example>',
      'Content-Type: multipart/report; report-type=feedback-report; boundary="f"',
      '',
      '--f',
      'Content-Type: text/plain',
      '',
      'A user marked this message as spam.',
      '--f',
      'Content-Type: message/feedback-report',
      '',
      'Feedback-Type: abuse',
      'User-Agent: isp-fbl/1',
      'Version: 1',
      `Original-Rcpt-To: ${recipient}`,
      '--f',
      'Content-Type: message/rfc822',
      '',
      `Message-ID: ${originalId}`,
      `To: ${recipient}`,
      '',
      'Hi',
      '--f--',
    ].join('\n'),
  );

describe('machine messages', () => {
  it('a spam complaint suppresses the address at once, stops the sequence and alerts, without counting as a reply', async () => {
    const { w, lead, first, tracker, complaints, alerts } = await sentWorld();
    const result = await ingestReply(await arf(lead.contact.email!, first.messageId!), tracker);
    expect(result.classification.classification).toBe('complaint');
    expect((await w.deps.suppressions.match(lead.contact.email!))?.reason).toBe('spam complaint (feedback loop)');
    expect((await w.deps.outreach.sequenceForDraft(lead.draft.id))!).toMatchObject({
      status: 'stopped',
      stopReason: 'spam complaint',
    });
    expect(complaints).toEqual([expect.objectContaining({ address: lead.contact.email, sequencesStopped: 1 })]);
    expect(alerts).toHaveLength(0);
    expect((await w.winRates.all())[0]!.replies).toBe(0);
  });

  it('a delay or a success notice changes nothing; the follow-ups still go', async () => {
    const { w, lead, first, tracker } = await sentWorld();
    const delayed = await ingestReply(await dsn(lead.contact.email!, first.messageId!, 'delayed', '4.4.1'), tracker);
    const relayed = await ingestReply(
      await dsn(lead.contact.email!, first.messageId!, 'relayed', '2.0.0', 'dsn2'),
      tracker,
    );
    expect([delayed.classification.classification, relayed.classification.classification]).toEqual([
      'delay',
      'delivered',
    ]);
    expect(delayed.matched && relayed.matched).toBe(true);
    expect(await w.deps.suppressions.match(lead.contact.email!)).toBeUndefined();
    w.clock.advance(3 * DAY);
    expect((await sendDue(w.deps)).sent).toBe(1);
    expect((await w.winRates.all())[0]!.replies).toBe(0);
  });

  it('a hard bounce without a From address is matched by the attached original', async () => {
    const { w, lead, first, tracker } = await sentWorld();
    const result = await ingestReply(await dsn(lead.contact.email!, first.messageId!, 'failed', '5.1.1'), tracker);
    expect(result).toMatchObject({ matched: true, effect: 'sequence stopped (bounce)' });
    expect(result.classification).toMatchObject({ hardBounce: true, failedRecipient: lead.contact.email });
    expect((await w.deps.suppressions.match(lead.contact.email!))?.reason).toBe('hard bounce');
  });

  it('a soft bounce lets the next touch try again; a second one stops the sequence without suppressing', async () => {
    const { w, lead, first, tracker } = await sentWorld();
    const once = await ingestReply(await dsn(lead.contact.email!, first.messageId!, 'failed', '5.2.2'), tracker);
    expect(once.effect).toBe('none (soft bounce; the next touch tries again)');
    const twice = await ingestReply(
      await dsn(lead.contact.email!, first.messageId!, 'failed', '5.2.2', 'dsn2'),
      tracker,
    );
    expect(twice.effect).toBe('sequence stopped (second soft bounce)');
    expect(await w.deps.suppressions.match(lead.contact.email!)).toBeUndefined();
  });

  it('a bounce for a send we cannot find is kept for review with the reason', async () => {
    const { tracker, issues } = await sentWorld();
    const result = await ingestReply(
      await dsn('nobody@else.example', '<other@else.example>', 'failed', '5.1.1'),
      tracker,
    );
    expect(result.matched).toBe(false);
    expect(await issues.count()).toBe(1);
    expect((await issues.list())[0]).toMatchObject({
      reason: 'unmatched',
      classification: 'bounce',
      detail: 'bounce about nobody@else.example: no send of ours matches it',
      eventId: result.eventId,
    });
  });

  it('automatic and list mail never stops a sequence, counts as a reply or raises an alert, whatever it says', async () => {
    const { w, lead, tracker, reply, alerts } = await sentWorld();
    const auto = await ingestReply(
      await reply("Yes! Let's talk, send over some times.", { 'Auto-Submitted': 'auto-replied' }),
      tracker,
    );
    const list = await ingestReply(
      await reply(
        'Interested? Book a time: calendly.com/events-team',
        { 'List-Unsubscribe': '<https://x.example/u>' },
        null,
      ),
      tracker,
    );
    expect([auto.classification.classification, list.classification.classification]).toEqual([
      'auto_reply',
      'auto_reply',
    ]);
    expect((await w.deps.outreach.sequenceForDraft(lead.draft.id))!.status).toBe('active');
    expect(alerts).toHaveLength(0);
    expect((await w.winRates.all())[0]!.replies).toBe(0);
  });

  it('a meeting request is positive without a model and raises the hot-lead alert', async () => {
    const { tracker, reply, alerts } = await sentWorld();
    const result = await ingestReply(await reply('Send over some times for next week.'), tracker);
    expect(result.classification).toMatchObject({ classification: 'positive', source: 'fallback' });
    expect(alerts).toHaveLength(1);
  });

  it('our own unsubscribe footer in the quoted history is not a request to unsubscribe', async () => {
    const { w, lead, tracker, reply } = await sentWorld();
    const body = [
      'Thanks, passing this to our office manager.',
      '',
      'From: Ana Ruiz <ana@leadbot-sandbox.example>',
      'Sent: Wednesday, November 25, 2026 9:00 AM',
      'Subject: Quick question',
      '',
      'Not the right person, or rather not hear from us? Unsubscribe: https://leadbot.sandbox.example/u/abc',
    ].join('\n');
    const result = await ingestReply(await reply(body), tracker);
    expect(result.classification.classification).toBe('neutral');
    expect(await w.deps.suppressions.match(lead.contact.email!)).toBeUndefined();
  });

  it("an unsubscribe from a mail client's button suppresses the sender even unmatched, and is not a reply", async () => {
    const { w, lead, tracker, reply } = await sentWorld();
    const result = await ingestReply(
      await reply(
        'Sent by the mail app to unsubscribe.',
        { Subject: 'unsubscribe', 'Auto-Submitted': 'auto-generated' },
        null,
      ),
      tracker,
    );
    expect(result.classification).toMatchObject({ classification: 'unsubscribe', viaLink: true });
    expect(await w.deps.suppressions.match(lead.contact.email!)).toBeDefined();
    expect((await w.winRates.all())[0]!.replies).toBe(0);
  });
});
