import { describe, expect, it } from 'vitest';
import { sendDue } from '../../../src/pipeline/outreach/send-due.js';
import { ingestReply } from '../../../src/pipeline/tracker/ingest.js';
import { parseEml } from '../../../src/providers/mail/parse-eml.js';
import { sentWorld } from '../../helpers/tracker-world.js';

const DAY = 86_400_000;

describe('ingestReply', () => {
  it('a positive reply stops the sequence, alerts once and counts once in the win rates', async () => {
    const { w, lead, alerts, tracker, reply } = await sentWorld();
    const result = await ingestReply(await reply("Yes, let's talk. Thursday works."), tracker);
    expect(result).toMatchObject({ matched: true, effect: 'sequence stopped (positive)' });
    expect((await w.deps.outreach.sequenceForDraft(lead.draft.id))!.status).toBe('stopped');
    expect(await w.deps.outreach.listSends({ status: ['scheduled'] })).toHaveLength(0);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ companyName: lead.company.name, contactEmail: lead.contact.email });
    expect(alerts[0]!.suggestedResponse).toBe(`Hi Pat, would Tuesday work for ${lead.company.name}?`);
    await ingestReply(await reply('Also, can you send the checklist?'), tracker);
    expect((await w.winRates.all())[0]).toMatchObject({ sent: 1, replies: 1, positiveReplies: 1 });
    expect(alerts).toHaveLength(1);
    w.clock.advance(20 * DAY);
    expect((await sendDue(w.deps)).sent).toBe(0);
  });

  it('ingesting the same message twice changes nothing the second time', async () => {
    const { w, tracker, reply } = await sentWorld();
    const msg = await reply('Not interested.');
    await ingestReply(msg, tracker);
    const again = await ingestReply(msg, tracker);
    expect(again.duplicate).toBe(true);
    expect((await w.winRates.all())[0]!.replies).toBe(1);
  });

  it('an out-of-office pauses the sequence until the stated return, then it resumes', async () => {
    const { w, lead, tracker, reply } = await sentWorld();
    const result = await ingestReply(
      await reply('I am out of the office and will be back on December 10.', {
        'Auto-Submitted': 'auto-replied',
        Subject: 'Automatic reply',
      }),
      tracker,
    );
    expect(result.effect).toBe('paused until 2026-12-10');
    expect((await w.winRates.all())[0]!.replies).toBe(0);
    w.clock.advance(3 * DAY); // day 3 touch is due, but the contact is away
    expect((await sendDue(w.deps)).sent).toBe(0);
    w.clock.set('2026-12-10T15:00:00Z');
    expect((await sendDue(w.deps)).sent).toBe(1);
    expect((await w.deps.outreach.sequenceForDraft(lead.draft.id))!.status).toBe('active');
    const next = (await w.deps.outreach.listSends({ status: ['scheduled'] })).sort((a, b) => a.touch! - b.touch!)[0]!;
    expect(next.touch).toBe(2);
    expect((next.scheduledFor!.getTime() - w.clock().getTime()) / DAY).toBe(4);
  });

  it('a hard bounce stops the sequence, marks the contact bounced and suppresses the address', async () => {
    const { w, lead, first, tracker } = await sentWorld();
    const dsn = await parseEml(
      [
        'From: Mail Delivery System <MAILER-DAEMON@mx.example>',
        'To: ana@leadbot-sandbox.example',
        'Subject: Undelivered Mail Returned to Sender',
        'Message-ID: <dsn1@mx.example>',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'Your message could not be delivered.',
        '--b',
        'Content-Type: message/delivery-status',
        '',
        `Final-Recipient: rfc822; ${lead.contact.email}`,
        'Action: failed',
        'Status: 5.1.1',
        '--b',
        'Content-Type: text/rfc822-headers',
        '',
        `Message-ID: ${first.messageId}`,
        '--b--',
      ].join('\n'),
    );
    const result = await ingestReply(dsn, tracker);
    expect(result).toMatchObject({ matched: true, effect: 'sequence stopped (bounce)' });
    expect((await w.contacts.get(lead.contact.id))!.status).toBe('bounced');
    expect((await w.deps.suppressions.match(lead.contact.email!))?.reason).toBe('hard bounce');
    expect((await w.winRates.all())[0]!.replies).toBe(0);
  });

  it('matches by sender when threading headers are missing, and keeps unmatched replies', async () => {
    const { w, tracker, reply } = await sentWorld();
    const bySender = await ingestReply(await reply('Sounds good, call me Friday.', {}, null), tracker);
    expect(bySender.matched).toBe(true);
    const stranger = await parseEml(
      'From: someone@elsewhere.example\nSubject: hello\nMessage-ID: <s1@elsewhere.example>\n\nWho is this?',
    );
    const unmatched = await ingestReply(stranger, tracker);
    expect(unmatched).toMatchObject({ matched: false, effect: 'unmatched: kept for review' });
    expect(await w.deps.outreach.getEvent(unmatched.eventId)).toMatchObject({
      kind: 'reply',
      classification: 'question',
    });
  });

  it('an unsubscribe request by reply suppresses the address', async () => {
    const { w, lead, tracker, reply } = await sentWorld();
    await ingestReply(await reply('Please remove me from your list.'), tracker);
    expect((await w.deps.suppressions.match(lead.contact.email!))?.reason).toBe('asked to unsubscribe by reply');
  });
});
