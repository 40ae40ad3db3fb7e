import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runStage } from '../../src/app/stages/run-stage.js';
import { decideLead } from '../../src/pipeline/approvals/decide-lead.js';
import { type StandIn, sendJson, startStandIn } from '../helpers/http-server.js';
import { type Leadbot, startLeadbot } from './helpers.js';

let bot: Leadbot | undefined;
let hunter: StandIn | undefined;
afterEach(async () => {
  await bot?.stop();
  await hunter?.close();
  bot = undefined;
  hunter = undefined;
});

describe('self-annealing in Slack', () => {
  it('a provider that keeps refusing yields a lesson card; Apply changes the directive and the next run', async () => {
    // Hunter answers every call with its documented "usage limit" 429: a spent quota, not a pause.
    hunter = await startStandIn((_req, res) =>
      sendJson(res, 429, {
        errors: [{ id: 'too_many_requests', code: 429, details: 'You have reached your usage limit.' }],
      }),
    );
    bot = await startLeadbot({
      HUNTER_API_KEY: 'hunter-test-key',
      HUNTER_BASE_URL: hunter.url,
      ENRICHMENT_ORDER: 'hunter,sandbox',
    });
    const { app } = bot;
    const found = await app.searchCompanies({
      industry: 'healthcare',
      location: 'Buffalo, NY',
      count: 4,
      trigger: 'test',
      requestedBy: 'test',
    });
    const actor = { id: bot.user, name: 'you', source: 'workspace' as const };
    const deps = { companies: app.repos.companies, approvals: app.repos.approvals, tx: app.tx, now: app.now };
    const ids = found.leads.map((l) => l.company.id);
    for (const companyId of ids) await decideLead({ companyId, decision: 'approved', actor }, deps);
    // Three enrichment runs, each refused by Hunter for quota.
    for (const id of ids.slice(0, 3))
      await runStage(app, 'enrich', { trigger: 'test', requestedBy: 'test', companyIds: [id] });
    expect(hunter.requests.length).toBeGreaterThanOrEqual(3);

    await bot.running.bot!.schedules.scanLessons();
    const card = await bot.waitFor(
      () => bot!.ws.store.history(bot!.leads).find((m) => bot!.buttons(m, 'lesson_apply').length > 0),
      'a lesson card with Apply',
    );
    expect(bot.textOf(card)).toMatch(/Hunter/);
    expect(bot.textOf(card)).toContain('directives/enrichment.md');
    const file = join(bot.dir, 'directives', 'enrichment.md');
    const before = readFileSync(file, 'utf8');

    await bot.click(card, 'lesson_apply');
    await bot.waitFor(() => bot!.textOf(bot!.ws.store.message(bot!.leads, card.ts)!).includes('Applied by'), 'Applied');
    const after = readFileSync(file, 'utf8');
    expect(after).not.toBe(before);
    expect(after).toMatch(/provider-cooldowns/);
    const lesson = (await app.repos.lessons.list({}))[0]!;
    expect(lesson).toMatchObject({ status: 'applied', decidedBy: bot.user });
    expect(after).toContain(lesson.amendment!.slice(0, 40));

    // The next run leaves Hunter out: no new request reaches it.
    const calls = hunter.requests.length;
    const next = await runStage(app, 'enrich', { trigger: 'test', requestedBy: 'test', companyIds: [ids[3]!] });
    expect(hunter.requests.length).toBe(calls);
    expect(next.summary).toMatch(new RegExp(`Hunter left out until \\d{4}-\\d{2}-\\d{2} \\(lesson #${lesson.id}\\)`));
  });
});
