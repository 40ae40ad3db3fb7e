import { afterEach, describe, expect, it } from 'vitest';
import type { Storage } from '../../../src/db/storage.js';
import { BUDGET_PAUSE_CHECKPOINT } from '../../../src/pipeline/costs/pause.js';
import { openTestStorage } from '../../helpers/db.js';
import { insertPendingLead } from '../../helpers/fixtures.js';

let storage: Storage | undefined;
afterEach(async () => {
  await storage?.close();
  storage = undefined;
});

const at = new Date('2026-11-25T09:00:00Z');
const later = (ms: number) => new Date(at.getTime() + ms);
const window = { from: new Date('2026-11-25T00:00:00Z'), to: new Date('2026-11-26T00:00:00Z') };

/** One lead found by a search run, enriched by a run that paid Hunter, found a contact and waits for its budget. */
async function world(s: Storage) {
  const { runs, companies, contacts, spend, approvals } = s.repos;
  await runs.create({ id: 'run_search', kind: 'search', trigger: 'test', startedAt: at });
  await runs.update('run_search', { status: 'completed', updatedAt: at });
  await runs.create({ id: 'run_enrich', kind: 'enrich', trigger: 'test', startedAt: at });
  const lead = await insertPendingLead(companies, { foundByRunId: 'run_search' });
  await contacts.upsert(
    {
      companyId: lead.id,
      fullName: 'Dana Whitfield',
      firstName: 'Dana',
      lastName: 'Whitfield',
      title: 'Practice Manager',
      titleRank: 0,
      email: 'dana@lakeview.example',
      emailKind: 'found',
      verification: 'valid',
      source: 'hunter',
      evidenceUrl: null,
      confidence: 0.9,
      phone: null,
      linkedinUrl: null,
      runId: 'run_enrich',
    },
    later(1000),
  );
  const limits = { dailyUsd: 1, runUsd: null };
  const reservation = { kind: 'vendor' as const, runId: 'run_enrich', companyId: lead.id, day: '2026-11-25', limits };
  const paid = await spend.reserve({ ...reservation, provider: 'hunter', step: 'hunter.find', amountUsd: 0.05, at });
  if (!paid.ok) throw new Error('the reservation was refused');
  await spend.settle(paid.id, { costUsd: 0.0245, result: 'found', credits: 1, at: later(10) });
  // Reserved and not yet settled: it counts against today, not in what was spent.
  await spend.reserve({ ...reservation, provider: 'zerobounce', step: 'zerobounce.verify', amountUsd: 0.008, at });
  await runs.addCounters('run_enrich', { with_contact: 1, no_contact: 2 }, later(20));
  for (const [status, n] of [
    ['ok', 3],
    ['error', 1],
  ] as const)
    for (let i = 0; i < n; i++)
      await runs.appendLog({
        runId: 'run_enrich',
        kind: 'provider',
        name: 'hunter',
        status,
        durationMs: 5,
        costUsd: status === 'ok' ? 0.0245 : null,
        createdAt: later(30),
      });
  await runs.update('run_enrich', {
    status: 'awaiting_approval',
    checkpoint: { [BUDGET_PAUSE_CHECKPOINT]: { kind: 'vendor', scope: 'day' } },
    updatedAt: later(50),
  });
  await approvals.request({ kind: 'lead', subjectId: String(lead.id), at });
  await approvals.decide({
    kind: 'lead',
    subjectId: String(lead.id),
    decision: 'approved',
    actor: { id: 'cli:ops', name: 'ops', source: 'cli' },
    at: later(40),
  });
  return lead;
}

describe('what /metrics reads', () => {
  it('counts runs, backlog, a run waiting for its budget, spend settled and committed today', async () => {
    storage = await openTestStorage();
    await world(storage);
    const snapshot = await storage.repos.metricsRead.snapshot({
      now: later(60_000),
      day: '2026-11-25',
      limits: { vendor: 1, model: null },
    });
    expect(snapshot.runs.map((r) => `${r.kind}/${r.status}=${r.count}`).sort()).toEqual([
      'enrich/awaiting_approval=1',
      'search/completed=1',
    ]);
    expect(snapshot.backlog).toEqual({
      dueSends: 0,
      queuedRuns: 0,
      leadsAwaitingDecision: 1,
      draftsAwaitingDecision: 0,
      runsWaitingForBudget: 1,
    });
    expect(snapshot.spend).toEqual([{ kind: 'vendor', provider: 'hunter', usd: 0.0245 }]);
    expect(snapshot.today).toEqual([
      { kind: 'vendor', committedUsd: expect.closeTo(0.0325, 10), limitUsd: 1 },
      { kind: 'model', committedUsd: 0, limitUsd: null },
    ]);
  });

  it('does not count a run whose budget wait was cleared', async () => {
    storage = await openTestStorage();
    await world(storage);
    await storage.repos.runs.update('run_enrich', {
      checkpoint: { [BUDGET_PAUSE_CHECKPOINT]: null },
      updatedAt: later(60),
    });
    const snapshot = await storage.repos.metricsRead.snapshot({ now: at, day: '2026-11-25', limits: {} });
    expect(snapshot.backlog.runsWaitingForBudget).toBe(0);
  });
});

describe('what cost reports and trends read', () => {
  it('gives the leads and contacts of a window with their industry and run, and the facts trends compare', async () => {
    storage = await openTestStorage();
    await world(storage);
    const outcomes = await storage.repos.costRead.outcomes(window);
    expect(outcomes.leads).toEqual([{ at, industry: 'healthcare', runId: 'run_search' }]);
    expect(outcomes.contacts).toEqual([{ at: later(1000), industry: 'healthcare', runId: 'run_enrich' }]);
    expect(outcomes.sends).toEqual([]);
    expect(await storage.repos.costRead.outcomes({ from: window.to, to: later(86_400_000 * 2) })).toEqual({
      leads: [],
      contacts: [],
      sends: [],
      replies: [],
    });
    expect(await storage.repos.costRead.trendFacts(window)).toEqual({
      decisions: { approved: 1, rejected: 0 },
      enriched: { withContact: 1, without: 2 },
      steps: [{ stage: 'enrich', total: 4, errors: 1 }],
    });
    const entries = await storage.repos.spend.entries({ runId: 'run_enrich' });
    expect(entries.map((e) => [e.provider, e.status, e.costUsd, e.industry])).toEqual([
      ['hunter', 'settled', 0.0245, 'healthcare'],
      ['zerobounce', 'reserved', null, 'healthcare'],
    ]);
  });
});
