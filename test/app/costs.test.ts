import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/app/actor.js';
import type { Container } from '../../src/container/index.js';
import type { RunRecord } from '../../src/pipeline/runs/ports.js';
import type { StandIn } from '../helpers/http-server.js';
import { callsTo, paidVendorEnv, startHunterStandIn, startZeroBounceStandIn } from '../helpers/vendor-stand-ins.js';
import { recordNotifications, sandboxLeadbot } from './helpers.js';

const CLI: Actor = { kind: 'cli', id: 'cli:ops', name: 'ops' };
const HUNTER = 0.0245;
const ZEROBOUNCE = 0.008;

let stands: StandIn[] = [];
afterEach(async () => {
  await Promise.all(stands.map((s) => s.close()));
  stands = [];
});

/** The steps of these enrich runs (default: every one), oldest run first. */
async function enrichLogs(app: Container, runs?: RunRecord[]) {
  const chosen = runs ?? (await app.repos.runs.list({ limit: 50, kind: 'enrich' }));
  const logs = await Promise.all([...chosen].reverse().map((r) => app.repos.runs.logs(r.id)));
  return logs.flat();
}

async function world(extra: Record<string, string> = {}) {
  const hunter = await startHunterStandIn();
  const zerobounce = await startZeroBounceStandIn();
  stands.push(hunter, zerobounce);
  const built = await sandboxLeadbot(paidVendorEnv(hunter, zerobounce, extra), { trigger: 'cli' });
  return { ...built, hunter, zerobounce };
}

describe('what paid calls cost', () => {
  it('records each lookup with its cost and reports cost per lead and per contact that match the calls made', async () => {
    const { useCases, leadbot, app, hunter, zerobounce } = await world();
    const found = await useCases.searchCompanies({ industry: 'healthcare', location: 'Buffalo, NY', count: 4 }, CLI);
    const ids = found.leads.map((l) => l.company.id);
    for (const companyId of ids) await useCases.decideLead({ companyId, decision: 'approved' }, CLI);
    await leadbot.flow.idle();
    const searches = callsTo(hunter, '/v2/domain-search').length;
    const checks = callsTo(zerobounce, '/v2/validate').length;
    expect(searches).toBe(ids.length);
    expect(checks).toBe(ids.length);
    const expected = searches * HUNTER + checks * ZEROBOUNCE;
    const view = await useCases.costReport({ sinceDays: 1 }, CLI);
    expect(view.total.vendorUsd).toBeCloseTo(expected, 10);
    expect(view.total.leads).toBe(ids.length);
    expect(view.total.perLead).toBeCloseTo(expected / ids.length, 10);
    expect(view.total.contacts).toBe(ids.length);
    const hunterRow = view.byProvider.find((p) => p.provider === 'hunter')!;
    expect(hunterRow).toMatchObject({ calls: searches, wasteCalls: 0 });
    // Each call's cost is on its run step too (approvals close together share an enrich run, or not: all of them).
    const logs = await enrichLogs(app);
    const costed = logs.filter((l) => (l.costUsd ?? 0) > 0);
    expect(costed.reduce((s, l) => s + (l.costUsd ?? 0), 0)).toBeCloseTo(expected, 10);
    expect(costed.map((l) => l.name).sort()).toEqual(
      [...Array(searches).fill('hunter'), ...Array(checks).fill('zerobounce')].sort(),
    );
  });
});

describe('budgets', () => {
  it('a budget spent mid-run pauses only the paid lookups, says so once, and the run resumes after the limit is raised', async () => {
    const { useCases, leadbot, app, hunter } = await world({ BUDGET_VENDOR_DAILY_USD: '0.1' });
    const told = recordNotifications(app, ['budgetReached', 'draftsReady', 'runFailed']);
    const found = await useCases.searchCompanies({ industry: 'healthcare', location: 'Buffalo, NY', count: 6 }, CLI);
    const ids = found.leads.map((l) => l.company.id);
    for (const companyId of ids) await useCases.decideLead({ companyId, decision: 'approved' }, CLI);
    await leadbot.flow.idle();
    // The approvals may have been enriched in one run or several: every run that met the spent budget waits.
    const runs = await app.repos.runs.list({ limit: 50, kind: 'enrich' });
    const paused = runs.filter((r) => r.status === 'awaiting_approval');
    expect(paused.length).toBeGreaterThan(0);
    expect(runs.filter((r) => r.status !== 'awaiting_approval').map((r) => r.status)).toEqual(
      runs.filter((r) => r.status !== 'awaiting_approval').map(() => 'completed'),
    );
    for (const run of paused) expect(run.summary).toMatch(/waiting for the budget/);
    const before = await useCases.costReport({ sinceDays: 1 }, CLI);
    expect(before.total.vendorUsd).toBeGreaterThan(0);
    expect(before.total.vendorUsd + before.reservedUsd).toBeLessThanOrEqual(0.1 + 1e-9);
    const enriched = new Set(runs.flatMap((r) => (r.checkpoint.enriched as number[] | undefined) ?? []));
    const waiting = ids.filter((id) => !enriched.has(id));
    expect(waiting.length).toBeGreaterThan(0);
    // Free steps went on for the companies that wait: the permutation step ran for them.
    const logs = await enrichLogs(app, paused);
    expect(logs.filter((l) => l.name === 'hunter' && l.status === 'skipped').length).toBeGreaterThan(0);
    expect(logs.filter((l) => l.name === 'permutation').length).toBe(waiting.length);
    expect(told.of('budgetReached')).toHaveLength(1);
    expect(told.of('budgetReached')[0]).toMatchObject({ kind: 'vendor', scope: 'day', limitUsd: 0.1 });
    const paidBefore = callsTo(hunter, '/v2/domain-search').length;

    const raised = await useCases.raiseBudget({ kind: 'vendor', toUsd: 1 }, CLI);
    expect(raised).toMatchObject({ scope: 'day', previousUsd: 0.1, limitUsd: 1 });
    expect([...raised.resumed].sort()).toEqual(paused.map((r) => r.id).sort());
    await leadbot.flow.idle();
    for (const run of paused) expect((await app.repos.runs.get(run.id))!.status).toBe('completed');
    for (const id of waiting) {
      expect((await app.repos.contacts.primaryFor(id))?.email).toMatch(/^dana\.whitfield@/);
      expect(await app.repos.drafts.currentForCompany(id)).toBeDefined();
    }
    // Only the companies that waited were looked up again.
    expect(callsTo(hunter, '/v2/domain-search').length).toBe(paidBefore + waiting.length);
    expect(told.of('runFailed')).toEqual([]);
  });

  it("raising a limit is for approvers only; by default it adds the configured limit to today's", async () => {
    const { useCases } = await world({ APPROVER_USER_IDS: 'U0BOSS', BUDGET_MODEL_DAILY_USD: '2.5' });
    const member: Actor = { kind: 'user', surface: 'slack', id: 'U0MEMBER' };
    await expect(useCases.raiseBudget({ kind: 'model' }, member)).rejects.toThrow(/Only approvers/);
    const view = await useCases.costReport({}, member);
    expect(view.total.spendUsd).toBe(0);
    expect(view.budgets.find((b) => b.kind === 'model')).toMatchObject({ spentUsd: 0, limitUsd: 2.5 });
    const raised = await useCases.raiseBudget({ kind: 'model' }, CLI);
    expect(raised).toMatchObject({ previousUsd: 2.5, limitUsd: 5, resumed: [] });
    expect((await useCases.costReport({}, member)).budgets.find((b) => b.kind === 'model')?.limitUsd).toBe(5);
  });
});

describe('paying once', () => {
  it("a repeated lookup for the same domain and address is answered from leadbot's records, not bought again", async () => {
    const { useCases, leadbot, app, hunter, zerobounce } = await world();
    const found = await useCases.searchCompanies({ industry: 'healthcare', location: 'Buffalo, NY', count: 2 }, CLI);
    const ids = found.leads.map((l) => l.company.id);
    for (const companyId of ids) await useCases.decideLead({ companyId, decision: 'approved' }, CLI);
    await leadbot.flow.idle();
    const paid = { hunter: hunter.requests.length, zerobounce: zerobounce.requests.length };
    const spent = (await useCases.costReport({ sinceDays: 1 }, CLI)).total.spendUsd;
    const again = await useCases.runStage({ stage: 'enrich', companyIds: ids }, CLI);
    expect({ hunter: hunter.requests.length, zerobounce: zerobounce.requests.length }).toEqual(paid);
    expect((await useCases.costReport({ sinceDays: 1 }, CLI)).total.spendUsd).toBeCloseTo(spent, 12);
    const logs = await app.repos.runs.logs(again.runId);
    expect(logs.filter((l) => l.name === 'hunter').map((l) => l.outputSummary)).toEqual(
      ids.map(() => expect.stringMatching(/from leadbot's records of \d{4}-\d{2}-\d{2}, not bought again/)),
    );
  });
});
