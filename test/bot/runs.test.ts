import { afterEach, describe, expect, it } from 'vitest';
import { decideLead } from '../../src/pipeline/approvals/decide-lead.js';
import { filterAsync } from '../../src/pipeline/async.js';
import { type Leadbot, startLeadbot } from './helpers.js';

let bot: Leadbot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

describe('Slack bot: run status, Details and Retry', () => {
  it('a failed run shows Retry; Retry finishes the same run from where it stopped, and Details shows its timeline', async () => {
    bot = await startLeadbot();
    const { app } = bot;
    const found = await app.searchCompanies({
      industry: 'legal',
      location: 'Denver, CO',
      count: 2,
      trigger: 'test',
      requestedBy: 'test',
    });
    const ids = found.leads.map((l) => l.company.id);
    const actor = { id: bot.user, name: 'you', source: 'workspace' as const };
    const deps = { companies: app.repos.companies, approvals: app.repos.approvals, tx: app.tx, now: app.now };
    for (const companyId of ids) await decideLead({ companyId, decision: 'approved', actor }, deps);
    // An enrichment run that died on its first step, reported in #leads.
    const run = await app.recorder.start({
      kind: 'enrich',
      trigger: 'workspace',
      requestedBy: bot.user,
      input: { companyIds: ids },
      slackChannel: bot.leads,
    });
    await run.stage('enrich');
    await run.fail(new Error('hunter: 500 internal error'));
    const status = await bot.waitFor(
      () => bot!.ws.store.history(bot!.leads).find((m) => bot!.buttons(m, 'run_retry').length > 0),
      'a status message with Retry',
    );
    expect(bot.textOf(status)).toContain('hunter: 500 internal error');

    await bot.click(status, 'run_details');
    const modal = await bot.waitFor(() => bot!.ws.store.views.stack(bot!.user)[0], 'the Details modal');
    expect(JSON.stringify(modal.spec)).toContain(run.id);

    await bot.click(status, 'run_retry');
    await bot.waitFor(async () => (await app.repos.runs.get(run.id))!.status === 'completed', 'the run to complete');
    // Both companies were worked on (the sandbox has no findable contact for some, as real data does).
    expect((await app.repos.runs.get(run.id))!.summary).toMatch(
      /^Enriched 2 companies .* continued after an interruption$/,
    );
    expect(
      (await filterAsync(ids, async (id) => Boolean(await app.repos.contacts.primaryFor(id)))).length,
    ).toBeGreaterThan(0);
    expect(await app.repos.runs.list({ limit: 10, kind: 'enrich' })).toHaveLength(1);
    await bot.waitFor(
      () => bot!.buttons(bot!.ws.store.message(bot!.leads, status.ts)!, 'run_retry').length === 0,
      'the status message to drop Retry',
    );
  });
});
