import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../src/app/actor.js';
import { loadConfig } from '../src/config.js';
import { type Running, start } from '../src/main.js';
import { cli } from './helpers/cli.js';
import { testDatabaseEnv } from './helpers/db.js';
import { openWindowDirectives } from './helpers/directives.js';
import type { StandIn } from './helpers/http-server.js';
import { MODEL_USAGE, startModelStandIn } from './helpers/model-stand-in.js';
import { parseScrape } from './helpers/prometheus.js';
import { callsTo, paidVendorEnv, startHunterStandIn, startZeroBounceStandIn } from './helpers/vendor-stand-ins.js';

const CLI: Actor = { kind: 'cli', id: 'cli:ops', name: 'ops' };
const HUNTER = 0.0245;
const ZEROBOUNCE = 0.008;
const PER_MODEL_CALL = (MODEL_USAGE.in * 0.15 + MODEL_USAGE.out * 0.6) / 1_000_000;

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function until<T>(read: () => Promise<T> | T, ok: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('a sandbox run with paid vendor and model stand-ins', { timeout: 60_000 }, () => {
  it('leadbot costs, the digest and /metrics agree with the calls made', async () => {
    const [hunter, zerobounce, model] = await Promise.all([
      startHunterStandIn(),
      startZeroBounceStandIn(),
      startModelStandIn(),
    ]);
    const stands: StandIn[] = [hunter, zerobounce, model];
    closers.push(() => Promise.all(stands.map((s) => s.close())));
    const dir = mkdtempSync(join(tmpdir(), 'leadbot-costs-'));
    const env = {
      ...paidVendorEnv(hunter, zerobounce),
      DATABASE_PATH: join(dir, 'leadbot.db'),
      OUTBOX_DIR: join(dir, 'outbox'),
      PORT: '0',
      LOG_LEVEL: 'silent',
      // Sends go out now, whatever the hour in Buffalo.
      DIRECTIVES_DIR: openWindowDirectives(),
      LLM_PROVIDER: 'openai',
      OPENAI_BASE_URL: `${model.url}/v1`,
      OPENAI_API_KEY: 'sk-test',
      // The PostgreSQL pass runs it on a fresh schema: the CLI and /metrics read the same database.
      ...testDatabaseEnv(),
    };
    const running: Running = await start(loadConfig(env));
    closers.push(() => running.stop());
    await until(() => running.app.llmService.available(), Boolean, 'the model to answer its probe');
    const { useCases } = running.leadbot;

    const found = await useCases.searchCompanies({ industry: 'healthcare', location: 'Buffalo, NY', count: 3 }, CLI);
    for (const lead of found.leads)
      await useCases.decideLead({ companyId: lead.company.id, decision: 'approved' }, CLI);
    await running.flow.idle();
    const [draft] = await useCases.listDrafts({ status: ['pending'] }, CLI);
    expect(draft).toBeDefined();
    await useCases.decideDraft({ draftId: draft!.id, decision: 'approved' }, CLI);
    await running.flow.idle();
    await useCases.simulateReply({ draftId: draft!.id, kind: 'positive' }, CLI);

    const vendorUsd =
      callsTo(hunter, '/v2/domain-search').length * HUNTER + callsTo(zerobounce, '/v2/validate').length * ZEROBOUNCE;
    const modelUsd = model.chats().length * PER_MODEL_CALL;
    const spent = vendorUsd + modelUsd;
    expect(callsTo(hunter, '/v2/domain-search').length).toBe(found.leads.length);
    expect(model.chats().length).toBeGreaterThan(found.leads.length);

    const costs = await cli(['costs', '--since', '1d', '--json'], env);
    expect(costs.code).toBe(0);
    const view = costs.json<{ total: Record<string, number> }>();
    expect(view.total.vendorUsd).toBeCloseTo(vendorUsd, 9);
    expect(view.total.modelUsd).toBeCloseTo(modelUsd, 9);
    expect(view.total.perLead).toBeCloseTo(spent / found.leads.length, 9);
    expect(view.total.replies).toBe(1);
    expect(view.total.perReply).toBeCloseTo(spent, 9);
    expect(view.total.perPositiveReply).toBeCloseTo(spent, 9);
    const text = await cli(['costs'], env);
    expect(text.stdout).toMatch(/By provider/);
    expect(text.stdout).toContain('hunter');

    const digest = await useCases.digest({ sinceHours: 24 }, CLI);
    expect(digest.costs.perLead).toBeCloseTo(spent / found.leads.length, 9);
    expect(digest.costs.perReply).toBeCloseTo(spent, 9);

    const scrape = parseScrape(await (await fetch(`http://127.0.0.1:${running.port}/metrics`)).text());
    expect(scrape.sum('leadbot_spend_usd')).toBeCloseTo(spent, 9);
    expect(scrape.sum('leadbot_spend_usd', { kind: 'model' })).toBeCloseTo(modelUsd, 9);
    expect(scrape.value('leadbot_provider_requests_total', { vendor: 'hunter', outcome: 'ok' })).toBe(
      hunter.requests.length,
    );
    expect(scrape.value('leadbot_llm_calls_total', { outcome: 'ok' })).toBe(model.chats().length);
    expect(scrape.value('leadbot_emails_sent')).toBe(1);
    expect(scrape.value('leadbot_replies', { class: 'positive' })).toBe(1);
    expect(scrape.value('leadbot_spend_today_usd', { kind: 'vendor' })).toBeCloseTo(vendorUsd, 9);
  });
});
