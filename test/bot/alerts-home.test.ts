import { afterEach, describe, expect, it } from 'vitest';
import { ingestRawReply } from '../../src/app/replies/ingest.js';
import { firstDraftCard, type Leadbot, startLeadbot } from './helpers.js';

let bot: Leadbot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/** Search, approve the first lead, approve its draft: one email in the outbox. Returns the send. */
async function sendOne(b: Leadbot) {
  const { card } = await firstDraftCard(b);
  await b.click(card, 'draft_approve_send');
  // On PostgreSQL the send is a queued job (pg-boss polls every 2 s): a loaded machine needs more than 15 s.
  return b.waitFor(async () => (await b.app.outreach.outreach.listSends({ status: ['sent'] }))[0], 'the send', 60_000);
}

describe('Slack bot: alerts and App Home', { timeout: 120_000 }, () => {
  it('posts a hot-lead alert to ALERT_CHANNEL when a positive reply arrives', async () => {
    bot = await startLeadbot({ ALERT_CHANNEL: 'hot-leads' });
    const send = await sendOne(bot);
    const eml = [
      `From: Pat Example <${send.recipient}>`,
      'To: outreach@leadbot-sandbox.example',
      `Subject: Re: ${send.subject}`,
      `In-Reply-To: ${send.messageId}`,
      `References: ${send.messageId}`,
      'Message-ID: <reply-1@customer.example>',
      'Date: Mon, 7 Dec 2026 10:00:00 +0000',
      '',
      'Yes, this is interesting. Can we talk Thursday at 2pm? <!channel>',
      '',
    ].join('\r\n');
    const out = await ingestRawReply(bot.app, eml, { trigger: 'test', requestedBy: 'test' });
    expect(out.result.classification.classification).toBe('positive');
    const alerts = bot.ws.store.resolveChannel('hot-leads')!.id;
    const alert = await bot.waitFor(() => bot!.ws.store.history(alerts)[0], 'the alert');
    const text = bot.textOf(alert);
    expect(text).toContain('Hot lead');
    expect(text).toContain('Can we talk Thursday');
    expect(text).toContain('Suggested response');
    // Text from a reply never pings the channel.
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
  });

  it('publishes App Home with pipeline counts, waiting approvals, recent runs and win rates', async () => {
    bot = await startLeadbot();
    await sendOne(bot);
    bot.ws.user.openHome({ tab: 'home' });
    const home = await bot.waitFor(() => bot!.ws.store.views.home(bot!.user), 'App Home');
    const json = JSON.stringify(home.spec);
    expect(json).toMatch(/\*Leads\* 2 waiting · 1 approved/);
    expect(json).toContain('1 emails sent');
    expect(json).toContain('Waiting for a decision');
    expect(json).toMatch(/Latest runs/);
    expect(json).toMatch(/Healthcare · \w+ — 0\/1 replied/);
    expect(json).toContain('home_run_stage_outreach');
  });
});

describe('Slack bot: simulating replies in the sandbox', { timeout: 120_000 }, () => {
  it('a sent draft’s card offers "Simulate a reply"; a positive one stops the sequence, alerts and counts a win', async () => {
    bot = await startLeadbot();
    const send = await sendOne(bot);
    const draftId = send.draftId!;
    const card = bot.ws.store.all(bot.leads).find((m) => m.text.startsWith(`Draft #${draftId}`))!;
    await bot.waitFor(
      () => bot!.buttons(bot!.ws.store.message(bot!.leads, card.ts)!, 'draft_simulate_reply').length,
      'the button',
    );
    await bot.click(bot.ws.store.message(bot.leads, card.ts)!, 'draft_simulate_reply');
    const modal = await bot.waitFor(() => bot!.ws.store.views.stack(bot!.user)[0], 'the modal');
    await bot.ws.user.submitView({ viewId: modal.id, values: { kind: { value: 'positive' } } });
    const note = await bot.waitFor(
      () => bot!.thread(card.threadTs!).find((m) => m.text.includes('Simulated reply from')),
      'the outcome in the thread',
    );
    expect(note.text).toMatch(/\*positive\*/);
    const sequence = (await bot.app.outreach.outreach.sequenceForDraft(draftId))!;
    expect(sequence.status).toBe('stopped');
    expect(await bot.app.outreach.outreach.listSends({ status: ['scheduled'] })).toEqual([]);
    expect(await bot.app.repos.winRates.all()).toEqual([
      expect.objectContaining({ sent: 1, replies: 1, positiveReplies: 1 }),
    ]);
    await bot.waitFor(() => bot!.ws.store.history(bot!.leads).some((m) => m.text.startsWith('Hot lead')), 'the alert');
  });

  it('an out-of-office reply pauses the sequence and is not counted as a reply', async () => {
    bot = await startLeadbot();
    const send = await sendOne(bot);
    const card = bot.ws.store.all(bot.leads).find((m) => m.text.startsWith(`Draft #${send.draftId}`))!;
    await bot.waitFor(
      () => bot!.buttons(bot!.ws.store.message(bot!.leads, card.ts)!, 'draft_simulate_reply').length,
      'the button',
    );
    await bot.click(bot.ws.store.message(bot.leads, card.ts)!, 'draft_simulate_reply');
    const modal = await bot.waitFor(() => bot!.ws.store.views.stack(bot!.user)[0], 'the modal');
    await bot.ws.user.submitView({ viewId: modal.id, values: { kind: { value: 'out_of_office' } } });
    await bot.waitFor(
      () => bot!.thread(card.threadTs!).some((m) => m.text.includes('Simulated reply from')),
      'outcome',
    );
    expect((await bot.app.outreach.outreach.sequenceForDraft(send.draftId!))!.status).toBe('paused');
    expect(await bot.app.repos.winRates.all()).toEqual([expect.objectContaining({ sent: 1, replies: 0 })]);
  });
});
