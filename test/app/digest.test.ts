import { describe, expect, it } from 'vitest';
import { collectDigest, formatDigest } from '../../src/app/digest/collect.js';
import { ingestRawReply } from '../../src/app/replies/ingest.js';
import { runStage } from '../../src/app/stages/run-stage.js';
import type { Actor } from '../../src/pipeline/approvals/ports.js';
import { filterAsync } from '../../src/pipeline/async.js';
import { fixedClock } from '../helpers/db.js';
import { approveLeads, operator, replyTo, sandboxApp, searchInThread } from './helpers.js';

const HOUR = 3_600_000;
const cliActor: Actor = { id: 'cli:ana', name: 'ana', source: 'cli' };
const req = { trigger: 'test' as const, requestedBy: operator.id };

/** A day of work at a fixed clock: 5 leads found, 3 approved and drafted, one sent, one positive reply. */
async function busyDay() {
  const clock = fixedClock('2026-11-24T09:00:00.000Z');
  const world = await sandboxApp({}, clock);
  const { app } = world;
  const found = await searchInThread(app, { channel: 'C0LEADS', ts: '1.1' }, 5);
  const ids = found.leads.map((l) => l.company.id);
  await approveLeads(app, ids.slice(0, 3));
  await runStage(app, 'enrich', req);
  await runStage(app, 'write', req);
  const drafts = await app.repos.drafts.list({ status: ['pending'], limit: 10 });
  const [sent] = await filterAsync(
    drafts,
    async (d) => (await app.repos.contacts.get(d.contactId!))!.emailKind === 'found',
  );
  if (!sent) throw new Error('no draft with a found address');
  await app.draftGate.approveDraft(sent.id, cliActor);
  await runStage(app, 'outreach', req);
  clock.advance(2 * HOUR);
  await ingestRawReply(app, replyTo(world.outbox()[0]!, 'Yes, interested. Can we talk Thursday?'), req);
  return { ...world, clock, start: new Date('2026-11-24T08:59:00.000Z'), drafts, sent };
}

describe('the digest', () => {
  it('counts what happened in the window and what waits, with the hot reply and the win-rate move', async () => {
    const { app, clock, start, drafts, sent } = await busyDay();
    clock.advance(HOUR);
    const data = await collectDigest(app, { since: start, until: clock() });
    const company = (await app.repos.companies.get(sent.companyId))!;
    expect(data.newLeads.total).toBe(5);
    expect(Object.values(data.newLeads.byTier).reduce((a, b) => a + b, 0)).toBe(5);
    expect(data.waiting).toEqual({ leads: 2, drafts: drafts.length - 1 });
    expect(data.sends).toEqual({ firstEmails: 1, followUps: 0 });
    expect(data.replies).toEqual({ total: 1, byClass: { positive: 1 }, unmatched: 0 });
    expect(data.hot).toEqual([
      expect.objectContaining({ companyName: company.name, excerpt: expect.stringMatching(/^Yes, interested/) }),
    ]);
    expect(data.winRates).toEqual([
      {
        industry: 'healthcare',
        angle: sent.angle,
        added: { sent: 1, replies: 1, positive: 1 },
        total: { sent: 1, replies: 1, positiveReplies: 1 },
      },
    ]);
    const text = formatDigest(data);
    expect(text.split('\n')).toEqual([
      '*leadbot digest* · Nov 24, 08:59 – Nov 24, 12:00 (UTC)',
      expect.stringMatching(/^• \*New leads:\* 5 — \d+ (high|medium|low)/),
      `• *Waiting for you:* 2 leads at Gate 1 · ${drafts.length - 1} draft${drafts.length - 1 === 1 ? '' : 's'} at Gate 2`,
      '• *Sent:* 1 first email',
      '• *Replies:* 1 — 1 positive',
      `:fire: *Hot:* *${company.name}* — ${(await app.repos.contacts.get(sent.contactId!))!.fullName}: “Yes, interested. Can we talk Thursday?”`,
      `• *Win rates:* healthcare · ${sent.angle}: 1/1 replied, 1 positive (+1 sent, +1 reply)`,
    ]);
  });

  it('leaves out what did not happen, and names work that got stuck', async () => {
    const { app, clock } = await busyDay();
    clock.advance(4 * 24 * HOUR);
    const until = clock();
    const data = await collectDigest(app, { since: new Date(until.getTime() - 24 * HOUR), until });
    expect(data.newLeads.total).toBe(0);
    expect(data.sends).toEqual({ firstEmails: 0, followUps: 0 });
    const text = formatDigest(data);
    expect(text).not.toMatch(/New leads|Sent|Replies|Hot|Win rates/);
    expect(text).toMatch(/^:warning: \*Stuck:\* .*drafts? waiting at Gate 2 for 2\+ days/m);
  });

  it('says it was quiet when nothing happened and nothing waits', async () => {
    const { app } = await sandboxApp();
    const until = new Date('2026-11-25T09:00:00Z');
    const text = formatDigest(await collectDigest(app, { since: new Date(until.getTime() - 24 * HOUR), until }));
    expect(text).toBe(
      '*leadbot digest* · Nov 24, 09:00 – Nov 25, 09:00 (UTC)\nQuiet: nothing new, nothing waiting, nothing stuck.',
    );
  });
});
