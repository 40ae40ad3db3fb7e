import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { MailTransport } from '../../../src/pipeline/outreach/ports.js';
import { sendDue } from '../../../src/pipeline/outreach/send-due.js';
import { startSequence } from '../../../src/pipeline/outreach/start-sequence.js';
import { outreachWorld } from '../../helpers/outreach-world.js';

const emlFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.eml'));
const DAY = 86_400_000;

describe('outreach: sending', () => {
  it('sends an approved first email once, with compliant headers, and schedules day 3/7/14 follow-ups', async () => {
    const w = outreachWorld();
    const { draft } = await w.approvedDraft();
    await startSequence(draft.id, w.deps);
    await startSequence(draft.id, w.deps); // a double approval trigger
    const first = await sendDue(w.deps);
    const second = await sendDue(w.deps);
    expect(first.sent).toBe(1);
    expect(second.sent).toBe(0);
    const files = emlFiles(w.outboxDir);
    expect(files).toHaveLength(1);
    const raw = readFileSync(join(w.outboxDir, files[0]!), 'utf8');
    const mail = await simpleParser(raw);
    const head = raw.split('\n\n')[0]!.replace(/\n[ \t]+/g, ' ');
    expect(head).toMatch(
      /^List-Unsubscribe: <https:\/\/leadbot\.sandbox\.example\/u\/[\w-]+\.[\w-]+>, <mailto:ana@leadbot-sandbox\.example\?subject=unsubscribe>$/m,
    );
    expect(head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(mail.from?.value[0]).toMatchObject({ name: 'Ana Ruiz', address: 'ana@leadbot-sandbox.example' });
    expect(mail.messageId).toMatch(/^<leadbot\.\d+\.0\.[0-9a-f]+@leadbot-sandbox\.example>$/);
    expect(mail.text).toContain('1 Sandbox Way, Buffalo, NY 14201');
    expect(mail.text).toMatch(/Unsubscribe: https:\/\/leadbot\.sandbox\.example\/u\//);
    expect((await w.drafts.get(draft.id))!.status).toBe('sent');
    expect(await w.winRates.all()).toEqual([
      { industry: 'healthcare', angle: 'cost_savings', sent: 1, replies: 0, positiveReplies: 0 },
    ]);
    const touches = await w.deps.outreach.listSends({ status: ['scheduled'] });
    expect(touches.map((t) => [t.touch, (t.scheduledFor!.getTime() - w.clock().getTime()) / DAY])).toEqual([
      [1, 3],
      [2, 7],
      [3, 14],
    ]);
  });

  it('threads follow-ups with In-Reply-To and References and stops after the last touch', async () => {
    const w = outreachWorld();
    const { draft } = await w.approvedDraft();
    await startSequence(draft.id, w.deps);
    await sendDue(w.deps);
    for (const days of [3, 4, 7]) {
      w.clock.advance(days * DAY);
      expect((await sendDue(w.deps)).sent).toBe(1);
    }
    const sends = (await w.deps.outreach.listSends({ status: ['sent'] })).sort((a, b) => a.touch! - b.touch!);
    expect(sends).toHaveLength(4);
    expect(sends[3]!.inReplyTo).toBe(sends[2]!.messageId);
    expect(sends[3]!.references).toBe(
      sends
        .slice(0, 3)
        .map((s) => s.messageId)
        .join(' '),
    );
    expect(sends[1]!.subject).toMatch(/^Re: Company 1/);
    expect((await w.deps.outreach.sequenceForDraft(draft.id))!.status).toBe('completed');
    expect(emlFiles(w.outboxDir)).toHaveLength(4);
  });

  it('refuses a draft with no recorded human approval', async () => {
    const w = outreachWorld();
    const { draft } = await w.approvedDraft();
    await w.deps.approvals.reopen('draft', String(draft.id), w.clock());
    await expect(startSequence(draft.id, w.deps)).rejects.toThrow(/no recorded human approval/);
  });

  it('re-checks approval at send time: a withdrawn approval cancels the queued send', async () => {
    const w = outreachWorld();
    const { draft } = await w.approvedDraft();
    await startSequence(draft.id, w.deps);
    await w.deps.approvals.reopen('draft', String(draft.id), w.clock());
    const report = await sendDue(w.deps);
    expect(report.sent).toBe(0);
    expect(report.cancelled[0]!.reason).toMatch(/no recorded human approval/);
    expect(emlFiles(w.outboxDir)).toHaveLength(0);
  });

  it('skips suppressed addresses and domains without using the daily cap', async () => {
    const w = outreachWorld({ cap: 1 });
    const a = await w.approvedDraft();
    const b = await w.approvedDraft({ domain: 'blocked.example' });
    const c = await w.approvedDraft();
    await w.deps.suppressions.add(
      { kind: 'email', value: a.contact.email!, reason: 'asked', source: 'test' },
      w.clock(),
    );
    await w.deps.suppressions.add(
      { kind: 'domain', value: 'blocked.example', reason: 'customer', source: 'test' },
      w.clock(),
    );
    for (const x of [a, b, c]) await startSequence(x.draft.id, w.deps);
    const report = await sendDue(w.deps);
    expect(report.sent).toBe(1);
    expect(report.cancelled.map((r) => r.reason)).toEqual([
      `suppressed (email ${a.contact.email})`,
      'suppressed (domain blocked.example)',
    ]);
    expect((await w.deps.outreach.listSends({ status: ['sent'] }))[0]!.recipient).toBe(c.contact.email);
  });

  it('never sends to a guessed, unverified address', async () => {
    const w = outreachWorld();
    const { draft } = await w.approvedDraft({ emailKind: 'guessed', verification: 'unverified' });
    await startSequence(draft.id, w.deps);
    const report = await sendDue(w.deps);
    expect(report.sent).toBe(0);
    expect(report.cancelled[0]!.reason).toBe('address is guessed and unverified');
  });

  it('holds the rest for tomorrow when the daily cap is reached', async () => {
    const w = outreachWorld({ cap: 2 });
    const drafts = [await w.approvedDraft(), await w.approvedDraft(), await w.approvedDraft()];
    for (const d of drafts) await startSequence(d.draft.id, w.deps);
    const today = await sendDue(w.deps);
    expect(today).toMatchObject({ sent: 2, capReached: true });
    expect((await sendDue(w.deps)).sent).toBe(0);
    w.clock.advance(DAY);
    expect((await sendDue(w.deps)).sent).toBe(1);
  });

  it('throttles sends to the same recipient domain', async () => {
    const w = outreachWorld({ domainIntervalMinutes: 60 });
    const a = await w.approvedDraft({ email: 'a@same.example' });
    const b = await w.approvedDraft({ email: 'b@same.example' });
    await startSequence(a.draft.id, w.deps);
    await startSequence(b.draft.id, w.deps);
    expect((await sendDue(w.deps)).sent).toBe(1);
    w.clock.advance(30 * 60_000);
    expect((await sendDue(w.deps)).sent).toBe(0);
    w.clock.advance(31 * 60_000);
    expect((await sendDue(w.deps)).sent).toBe(1);
  });

  it('reconciles a send interrupted after it was recorded as intended: found → confirmed, never resent', async () => {
    const w = outreachWorld();
    const { draft } = await w.approvedDraft();
    await startSequence(draft.id, w.deps);
    // Simulate a crash right after the transport wrote the message, before "sent" was recorded.
    const outbox = w.deps.senders[0]!.transport;
    const realSend = outbox.send.bind(outbox);
    const crashing: MailTransport = {
      ...outbox,
      name: 'outbox',
      send: async (m) => {
        await realSend(m);
        throw Object.assign(new Error('process killed'), {});
      },
    };
    await sendDue({ ...w.deps, senders: [{ ...w.deps.senders[0]!, transport: crashing }] });
    const event = (await w.deps.outreach.listSends({ status: ['uncertain', 'intended'] }))[0]!;
    await w.deps.outreach.updateEvent(event.id, { status: 'intended' }, w.clock());
    w.clock.advance(5 * 60_000);
    const report = await sendDue(w.deps);
    expect(report.reconciled).toEqual({ sent: 1, requeued: 0, uncertain: 0 });
    expect(report.sent).toBe(0);
    expect(emlFiles(w.outboxDir)).toHaveLength(1);
    expect((await w.deps.outreach.getEvent(event.id))!.status).toBe('sent');
  });

  it('marks an interrupted send it cannot verify as uncertain instead of resending it', async () => {
    const sent: string[] = [];
    const smtpLike: MailTransport = {
      name: 'smtp',
      send: async (m) => {
        sent.push(m.messageId);
        return { status: 'sent', response: '250 ok' };
      },
      reconcile: async () => 'unknown',
    };
    const w = outreachWorld({ transport: smtpLike });
    const { draft } = await w.approvedDraft();
    await startSequence(draft.id, w.deps);
    const event = (await w.deps.outreach.listSends({ status: ['scheduled'] }))[0]!;
    await w.deps.outreach.updateEvent(
      event.id,
      { status: 'intended', messageId: '<x@y>', occurredAt: w.clock() },
      w.clock(),
    );
    w.clock.advance(5 * 60_000);
    const report = await sendDue(w.deps);
    expect(report.reconciled.uncertain).toBe(1);
    expect(sent).toHaveLength(0);
    expect((await w.deps.outreach.getEvent(event.id))!.status).toBe('uncertain');
  });
});
