import { afterEach, describe, expect, it } from 'vitest';
import { announceImport } from '../../src/app/search.js';
import type { WsMessage } from '../../src/workspace/store/types.js';
import { type Leadbot, startLeadbot } from './helpers.js';

let bot: Leadbot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const cardPages = (replies: WsMessage[]) => replies.filter((m) => m.text.startsWith('Leads:'));

async function searchTen(b: Leadbot) {
  const asked = await b.ask('@leadbot find 10 healthcare companies in Buffalo', (r) => {
    const approves = cardPages(r).flatMap((m) => b.buttons(m, 'lead_approve'));
    return approves.length === 10 && r.some((m) => m.text.includes('high-tier'));
  });
  return { asked, page: cardPages(b.thread(asked.ts))[0]! };
}

describe('Slack bot: conversations and Gate 1', () => {
  it('answers a mention in its thread with a status message and ten lead cards with Approve and Reject', async () => {
    bot = await startLeadbot();
    const { asked } = await searchTen(bot);
    const replies = bot.thread(asked.ts);
    expect(replies.every((m) => m.threadTs === asked.ts)).toBe(true);
    // The status message settles on the run's final state (updates are throttled to one a second).
    const status = await bot.waitFor(
      () => (bot!.textOf(replies[0]!).includes('Analyst 10/10') ? replies[0] : undefined),
      'the status message to show the final counts',
    );
    expect(bot.textOf(status)).toMatch(/Finding companies.*Scout 10\/10 · Analyst 10\/10/s);
    expect(bot.textOf(status)).toContain('10 of 10 healthcare companies in Buffalo, NY found');
    const cards = cardPages(replies).flatMap((m) => bot!.buttons(m, 'lead_reject'));
    expect(cards).toHaveLength(10);
    // Each card: the company, a score bar with the number, a tier badge, savings and the reason.
    const first = JSON.stringify(cardPages(replies)[0]!.blocks);
    expect(first).toMatch(/Healthcare · Buffalo, NY/);
    expect(first).toMatch(/`[█░]{10}` \*\d{1,3}\*/);
    expect(first).toMatch(/(High|Medium|Low) · est\. savings \$[\d.]+[kM]?–\$[\d.]+[kM]?\/yr/);
    const runs = await bot.app.repos.runs.list({ limit: 10, kind: 'search' });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ slackChannel: bot.leads, slackThreadTs: asked.ts, status: 'awaiting_approval' });
    // The working reaction comes off when the answer is done (polled: the last card is posted just before).
    const eyes = () => bot!.ws.store.message(bot!.leads, asked.ts)!.reactions.filter((r) => r.name === 'eyes');
    await bot.waitFor(() => eyes().length === 0, 'the working reaction to come off');
    expect(eyes()).toEqual([]);
  });

  it('Approve updates the card in place and records who approved; a second click changes nothing', async () => {
    bot = await startLeadbot();
    const { page } = await searchTen(bot);
    const companyId = Number(bot.buttons(page, 'lead_approve')[0]!.value);
    const before = bot.buttons(page, 'lead_approve').length;
    await bot.click(page, 'lead_approve', 0);
    const updated = await bot.waitFor(() => {
      const m = bot!.ws.store.message(bot!.leads, page.ts)!;
      return JSON.stringify(m.blocks).includes('Approved by <@U0LOCAL0001>') ? m : undefined;
    }, 'the card to show the approval');
    expect(before).toBe(10);
    expect(bot.buttons(updated, 'lead_approve')).toHaveLength(9);
    const approval = (await bot.app.repos.approvals.get('lead', String(companyId)))!;
    expect(approval).toMatchObject({ status: 'approved', decidedBy: 'U0LOCAL0001', decisionSource: 'workspace' });
    expect(approval.slackTs).toBe(page.ts);
    expect((await bot.app.repos.companies.get(companyId))!.status).toBe('approved');

    // A second click on the old message (the button is still in the user's stale copy).
    const decidedAt = approval.decidedAt!.getTime();
    await bot.staleClick(page, 'lead_approve', `lead:${companyId}`, String(companyId));
    const notice = await bot.waitFor(
      () => bot!.ws.store.ephemeralsFor('U0LOCAL0001').find((e) => e.text.includes('Nothing changed')),
      'a private "already decided" note',
    );
    expect(notice.text).toMatch(/Approved by <@U0LOCAL0001>/);
    expect((await bot.app.repos.approvals.get('lead', String(companyId)))!.decidedAt!.getTime()).toBe(decidedAt);
  });

  it('refuses a click from someone who is not an approver, privately, and changes nothing', async () => {
    bot = await startLeadbot({ APPROVER_USER_IDS: 'U0BOSS0001' });
    const { page } = await searchTen(bot);
    const companyId = Number(bot.buttons(page, 'lead_approve')[0]!.value);
    await bot.click(page, 'lead_approve', 0);
    const refusal = await bot.waitFor(
      () => bot!.ws.store.ephemeralsFor('U0LOCAL0001').find((e) => e.text.startsWith('Only approvers')),
      'the refusal',
    );
    expect(refusal.text).toContain('<@U0BOSS0001>');
    expect((await bot.app.repos.companies.get(companyId))!.status).toBe('pending');
    expect((await bot.app.repos.approvals.get('lead', String(companyId)))?.status ?? 'pending').toBe('pending');
  });

  it('Reject asks for an optional reason and records it', async () => {
    bot = await startLeadbot();
    const { page } = await searchTen(bot);
    const companyId = Number(bot.buttons(page, 'lead_reject')[1]!.value);
    await bot.click(page, 'lead_reject', 1);
    const modal = await bot.waitFor(() => bot!.ws.store.views.stack('U0LOCAL0001')[0], 'the reject modal');
    const outcome = await bot.ws.user.submitView({
      viewId: modal.id,
      values: { reason: { value: 'single site, too small' } },
    });
    expect(outcome.kind).not.toBe('failed');
    await bot.waitFor(
      async () => (await bot!.app.repos.companies.get(companyId))!.status === 'rejected',
      'the rejection',
    );
    expect(await bot.app.repos.approvals.get('lead', String(companyId))).toMatchObject({
      status: 'rejected',
      reason: 'single site, too small',
    });
    await bot.waitFor(
      () => JSON.stringify(bot!.ws.store.message(bot!.leads, page.ts)!.blocks).includes('single site, too small'),
      'the card to show the reason',
    );
  });

  it('Approve all high-tier approves exactly the pending high-tier leads of the batch', async () => {
    bot = await startLeadbot();
    const { asked } = await searchTen(bot);
    const footer = bot.thread(asked.ts).find((m) => bot!.buttons(m, 'lead_approve_all_high').length > 0)!;
    const ids = cardPages(bot.thread(asked.ts)).flatMap((m) =>
      bot!.buttons(m, 'lead_approve').map((b) => Number(b.value)),
    );
    const high = (await bot.app.repos.companies.listLeads({ ids, limit: 10 })).filter((l) => l.score?.tier === 'high');
    expect(high.length).toBeGreaterThan(0);
    await bot.click(footer, 'lead_approve_all_high');
    await bot.waitFor(
      () => bot!.ws.store.message(bot!.leads, footer.ts)!.text.includes(`approved ${high.length} high-tier`),
      'the batch footer to report',
    );
    const after = await bot.app.repos.companies.listLeads({ ids, limit: 10 });
    for (const lead of after) expect(lead.company.status).toBe(lead.score?.tier === 'high' ? 'approved' : 'pending');
  });

  it('keeps the conversation per thread: "more" continues the search and "what about Rochester?" moves it', async () => {
    bot = await startLeadbot();
    const shownIn = (ts: string) =>
      cardPages(bot!.thread(ts)).flatMap((m) => bot!.buttons(m, 'lead_reject').map((b) => Number(b.value)));
    const asked = await bot.ask('@leadbot find 5 dental offices in Austin', () => true);
    await bot.waitFor(() => shownIn(asked.ts).length === 5, 'five cards');
    const first = shownIn(asked.ts);
    bot.ws.user.say({ channel: bot.leads, text: 'more', threadTs: asked.ts });
    await bot.waitFor(() => shownIn(asked.ts).length === 10, 'five more cards');
    const more = shownIn(asked.ts).slice(5);
    expect(more.filter((id) => first.includes(id))).toEqual([]);
    const dental = await bot.app.repos.companies.listLeads({ ids: more, limit: 5 });
    expect(dental.map((l) => [l.company.industry, l.company.city])).toEqual(Array(5).fill(['dental', 'Austin']));
    bot.ws.user.say({ channel: bot.leads, text: 'what about Rochester?', threadTs: asked.ts });
    await bot.waitFor(() => shownIn(asked.ts).length === 15, 'Rochester cards');
    const rochester = await bot.app.repos.companies.listLeads({ ids: shownIn(asked.ts).slice(10), limit: 5 });
    expect(rochester.map((l) => [l.company.industry, l.company.city])).toEqual(Array(5).fill(['dental', 'Rochester']));
    // A thread reply in a thread leadbot is not part of is not for leadbot.
    const other = bot.ws.user.say({ channel: bot.leads, text: 'lunch at noon?' });
    bot.ws.user.say({ channel: bot.leads, text: 'find 5 law firms in Denver', threadTs: other.ts });
    await new Promise((r) => setTimeout(r, 500));
    expect(bot.thread(other.ts).every((m) => m.user !== 'U0LEADBOT01')).toBe(true);
  });
});

describe('Slack bot: a search resumed after a restart', () => {
  it('posts the cards it never posted into the thread that asked, once', async () => {
    bot = await startLeadbot();
    const root = bot.ws.store.post({ channel: bot.leads, user: bot.user, text: 'find 3 dental offices in Austin' });
    const found = await bot.app.searchCompanies({
      industry: 'dental',
      location: 'Austin, TX',
      count: 3,
      trigger: 'slack',
      requestedBy: bot.user,
      slackChannel: bot.leads,
      slackThreadTs: root.ts,
    });
    const companyIds = found.leads.map((l) => l.company.id);
    await bot.app.notifier.emit('leadsFound', { runId: found.runId, companyIds });
    await bot.app.notifier.emit('leadsFound', { runId: found.runId, companyIds });
    const pages = () => cardPages(bot!.thread(root.ts));
    await bot.waitFor(() => pages().length === 1, 'one page of cards');
    expect(pages().flatMap((m) => bot!.buttons(m, 'lead_approve').map((b) => Number(b.value)))).toEqual(companyIds);
  });
});

describe('Slack bot: a search run after Gate 1', () => {
  it('completes once every lead it found is decided, and says how they were decided', async () => {
    bot = await startLeadbot();
    const asked = await bot.ask('@leadbot find 2 law firms in Denver', (r) =>
      r.some((m) => m.text.startsWith('Leads:') && bot!.buttons(m, 'lead_approve').length === 2),
    );
    const page = cardPages(bot.thread(asked.ts))[0]!;
    const runId = (await bot.app.repos.runs.list({ limit: 5, kind: 'search' }))[0]!.id;
    await bot.click(page, 'lead_approve', 0);
    await bot.waitFor(
      () => bot!.buttons(bot!.ws.store.message(bot!.leads, page.ts)!, 'lead_approve').length === 1,
      'one decided',
    );
    expect((await bot.app.repos.runs.get(runId))!.status).toBe('awaiting_approval');
    await bot.click(bot.ws.store.message(bot.leads, page.ts)!, 'lead_approve', 0);
    await bot.waitFor(
      async () => (await bot!.app.repos.runs.get(runId))!.status === 'completed',
      'the search run to complete',
    );
    expect((await bot.app.repos.runs.get(runId))!.summary).toMatch(/all 2 decided: 2 approved, 0 rejected$/);
    await bot.waitFor(() => bot!.textOf(bot!.thread(asked.ts)[0]!).includes('all 2 decided'), 'the status message');
  });
});

describe('Slack bot: a CSV import', () => {
  it('gets one summary message in the leads channel, never a card per row', async () => {
    bot = await startLeadbot();
    const rows = Array.from({ length: 12 }, (_, i) => `Clinic ${i + 1} Health,healthcare,Buffalo,NY`);
    const csv = ['name,industry,city,state', ...rows, 'Bad Row,healthcare,Buffalo,ZZ'].join('\n');
    const result = await bot.app.importCompanies({ csv, fileName: 'list.csv', trigger: 'cli' });
    const before = bot.ws.store.history(bot.leads).length;
    await announceImport(bot.app, result);
    const posted = bot.ws.store.history(bot.leads).slice(before);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.text).toBe(
      'Import finished: 12 companies imported from list.csv · 0 duplicates left out · 1 bad rows skipped',
    );
    expect(JSON.stringify(posted[0]!.blocks)).toMatch(/waiting for your decision/);
    expect(bot.buttons(posted[0]!, 'lead_approve')).toEqual([]);
  });
});
