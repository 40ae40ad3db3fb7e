import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/db/client.js';
import { createCompanyRepo } from '../../../src/db/repos/company-repo.js';
import { createRunRepo } from '../../../src/db/repos/run-repo.js';
import { type AnalyzeDeps, analyzeCompanies } from '../../../src/pipeline/analyst/analyze.js';
import { rescoreCompanies } from '../../../src/pipeline/analyst/rescore.js';
import { mapAsync } from '../../../src/pipeline/async.js';
import type { CompanyRecord, NewCompany } from '../../../src/pipeline/companies/ports.js';
import { createDirectiveStore, type DirectiveStore } from '../../../src/pipeline/directives/store.js';
import type { LlmPort } from '../../../src/pipeline/llm/ports.js';
import { createRunRecorder } from '../../../src/pipeline/runs/recorder.js';
import { fixedClock, memoryDb } from '../../helpers/db.js';
import { sampleCompany } from '../../helpers/fixtures.js';
import { ALTERNATE_PROFILE, DIRECTIVES, fakeLlm, tempDirectives } from './helpers.js';

describe('analyzeCompanies', () => {
  let handle: DbHandle;
  beforeEach(() => {
    handle = memoryDb();
  });
  afterEach(() => handle.close());

  const setup = async (options: { llm?: LlmPort; directives?: DirectiveStore } = {}) => {
    const clock = fixedClock();
    const companies = createCompanyRepo(handle.db);
    const runs = createRunRepo(handle.db);
    let n = 0;
    const recorder = createRunRecorder({ runs, now: clock, newId: () => `run_${++n}` });
    const run = await recorder.start({ kind: 'search', trigger: 'test' });
    const deps: AnalyzeDeps = {
      companies,
      directives: options.directives ?? createDirectiveStore(DIRECTIVES),
      llm: options.llm ?? fakeLlm([], false).port,
      now: clock,
      tx: (fn) => handle.session.transaction(fn),
    };
    let k = 0;
    const add = (overrides: Partial<NewCompany> = {}) => {
      k += 1;
      return companies.insert(
        sampleCompany({
          name: `Company ${k}`,
          normalizedName: `company ${k}`,
          domain: `company${k}.example`,
          ...overrides,
        }),
        clock(),
      );
    };
    const rows = (table: string) => handle.sqlite.prepare(`select * from ${table} order by 1`).all();
    return { clock, companies, runs, recorder, run, deps, add, rows };
  };

  it('scores companies, stores features and scores, and moves new leads to pending', async () => {
    const llm = fakeLlm([
      'Single-site dental office.',
      'A 3-site core-fit healthcare group in deregulated NY.',
      'Approved already.',
      'Rejected already.',
    ]);
    const t = await setup({ llm: llm.port });
    const big = await t.add();
    const small = await t.add({ industry: 'dental', siteCount: 1, buildingSqft: 2_500 });
    const approved = await t.add({ status: 'approved' });
    const rejected = await t.add({ status: 'rejected' });
    const out = await analyzeCompanies(
      { companyIds: [small.id, big.id, approved.id, rejected.id], run: t.run },
      t.deps,
    );

    expect(out.scored).toBe(4);
    expect(out.leads.map((l) => l.company.id)).toEqual([big.id, approved.id, rejected.id, small.id]);
    expect(out.leads[0]!.score).toMatchObject({
      profile: 'utility-cost-audit',
      score: 80,
      tier: 'high',
      runId: t.run.id,
      reasonSource: 'llm',
      scoreReason: 'A 3-site core-fit healthcare group in deregulated NY.',
    });
    expect(out.leads[0]!.features).toMatchObject({ savingsMid: 81_308, deregulated: true, dataGaps: [] });
    expect(out.leads.at(-1)!.score).toMatchObject({ tier: 'low', reasonSource: 'llm' });
    expect(
      await mapAsync([big, small, approved, rejected], async (c) => (await t.companies.get(c.id))!.status),
    ).toEqual(['pending', 'pending', 'approved', 'rejected']);
    const run = await t.run.current();
    expect(run.counters.companiesScored).toBe(4);
    expect(run.currentStage).toBe('analyst');
    const narrations = (await t.runs.logs(t.run.id)).filter((l) => l.name === 'analyst.narrate');
    expect(narrations).toHaveLength(4);
    expect(narrations[0]).toMatchObject({ kind: 'llm', status: 'ok' });
  });

  it('writes the same rows when run twice on the same ids, without asking the model again', async () => {
    const llm = fakeLlm(['Strong healthcare fit in deregulated NY.', 'Healthcare lead; site count unknown.']);
    const t = await setup({ llm: llm.port });
    const ids = [(await t.add()).id, (await t.add({ siteCount: null })).id];
    await analyzeCompanies({ companyIds: ids, run: t.run }, t.deps);
    const first = { scores: t.rows('lead_scores'), features: t.rows('company_features') };
    t.clock.advance(60_000);
    const again = await analyzeCompanies({ companyIds: [...ids, ids[0]!], run: t.run }, t.deps);
    expect(again.scored).toBe(2);
    const strip = (rows: unknown[]) => rows.map((r) => ({ ...(r as object), updated_at: 0 }));
    expect(strip(t.rows('lead_scores'))).toEqual(strip(first.scores));
    expect(strip(t.rows('company_features'))).toEqual(strip(first.features));
    expect(first.scores).toHaveLength(2);
    expect(first.scores.map((r) => (r as { reason_source: string }).reason_source)).toEqual(['llm', 'llm']);
    expect(llm.calls).toHaveLength(2);
  });

  it('asks re-enrichment at most twice per company, ever, and marks what stays unknown', async () => {
    const t = await setup();
    t.deps.tx = undefined; // each write commits on its own: same outcome
    const asked: string[][] = [];
    t.deps.reenrich = async (_company, gaps) => {
      asked.push(gaps);
      return {};
    };
    const c = await t.add({ employeeCount: null, siteCount: null, website: null, domain: null });
    await analyzeCompanies({ companyIds: [c.id], run: t.run }, t.deps);
    await analyzeCompanies({ companyIds: [c.id], run: t.run }, t.deps);
    expect(asked).toEqual([
      ['employee_count', 'site_count', 'website'],
      ['employee_count', 'site_count', 'website'],
    ]);
    const features = (await t.companies.getFeatures(c.id))!;
    expect(features).toMatchObject({ reenrichAttempts: 2, dataGaps: ['employee_count', 'site_count', 'website'] });
    const score = (await t.companies.getScore(c.id))!;
    const breakdown = score.breakdown as { unknown: string[]; assumed: { field: string }[]; dataQuality: number };
    expect(breakdown.unknown).toEqual(['employee_count', 'site_count', 'website']);
    expect(breakdown.assumed.map((a) => a.field)).toEqual(['site_count']);
    expect(breakdown.dataQuality).toBe(40);
    expect(score.scoreReason).toMatch(/unknown: employee count, site count, website\)\.$/);
    expect((await t.runs.logs(t.run.id)).filter((l) => l.name === 'analyst.reenrich')).toHaveLength(2);
  });

  it('fills gaps from re-enrichment without overwriting known facts, and scores higher for it', async () => {
    const t = await setup();
    const seen: CompanyRecord[] = [];
    t.deps.reenrich = async (company) => {
      seen.push(company);
      return { siteCount: 6, employeeCount: 300, buildingSqft: 1, name: 'Renamed' };
    };
    const c = await t.add({ siteCount: null, employeeCount: null });
    const before = await analyzeCompanies(
      { companyIds: [(await t.add({ siteCount: null, employeeCount: null })).id], run: t.run },
      {
        ...t.deps,
        reenrich: undefined,
      },
    );
    const out = await analyzeCompanies({ companyIds: [c.id], run: t.run }, t.deps);
    expect(seen).toHaveLength(1);
    expect(await t.companies.get(c.id)).toMatchObject({
      siteCount: 6,
      employeeCount: 300,
      buildingSqft: 42_000,
      name: 'Company 1',
    });
    expect(await t.companies.getFeatures(c.id)).toMatchObject({ reenrichAttempts: 1, dataGaps: [] });
    expect(out.leads[0]!.score!.score).toBeGreaterThan(before.leads[0]!.score!.score);
  });

  it('keeps the gap unknown when re-enrichment fails, and still counts the attempt', async () => {
    const t = await setup();
    t.deps.reenrich = async () => {
      throw new Error('apollo down');
    };
    const c = await t.add({ employeeCount: null });
    const out = await analyzeCompanies({ companyIds: [c.id], run: t.run }, t.deps);
    expect(out.scored).toBe(1);
    expect(await t.companies.getFeatures(c.id)).toMatchObject({ reenrichAttempts: 2, dataGaps: ['employee_count'] });
    const failed = (await t.runs.logs(t.run.id)).filter((l) => l.name === 'analyst.reenrich');
    expect(failed.map((l) => [l.status, l.error])).toEqual([
      ['error', 'apollo down'],
      ['error', 'apollo down'],
    ]);
  });

  it('skips ids that do not exist', async () => {
    const t = await setup();
    const out = await analyzeCompanies({ companyIds: [(await t.add()).id, 999], run: t.run }, t.deps);
    expect(out.scored).toBe(1);
    expect(out.leads).toHaveLength(1);
    expect((await t.runs.logs(t.run.id)).find((l) => l.name === 'analyst.skip')).toMatchObject({ status: 'skipped' });
  });

  it('uses the profile file named in the analyst directive', async () => {
    const d = tempDirectives();
    d.write('icp-solar', readFileSync(ALTERNATE_PROFILE, 'utf8'));
    d.edit('analyst', (text) => text.replace('profile: icp\n', 'profile: icp-solar\n'));
    const t = await setup({ directives: d.store });
    const c = await t.add({ industry: 'warehousing', state: 'TX', buildingSqft: 60_000 });
    const out = await analyzeCompanies({ companyIds: [c.id], run: t.run }, t.deps);
    expect(out.leads[0]!.score).toMatchObject({ profile: 'rooftop-solar', score: 100, tier: 'high' });
  });

  it('writes nothing when the profile is invalid', async () => {
    const d = tempDirectives();
    d.edit('icp', (text) => text.replace('tiers: { high: 70, medium: 40 }', 'tiers: { high: 40, medium: 70 }'));
    const t = await setup({ directives: d.store });
    const c = await t.add();
    await expect(analyzeCompanies({ companyIds: [c.id], run: t.run }, t.deps)).rejects.toMatchObject({
      code: 'invalid_config',
      message: expect.stringMatching(/tiers: need 0 < medium < high/),
    });
    expect(t.rows('lead_scores')).toEqual([]);
    expect((await t.companies.get(c.id))!.status).toBe('new');
  });

  it('re-scores leads waiting at Gate 1 after a profile change, leaving decided ones alone', async () => {
    const d = tempDirectives();
    const t = await setup({ directives: d.store });
    const pending = await t.add();
    const approved = await t.add();
    await analyzeCompanies({ companyIds: [pending.id, approved.id], run: t.run }, t.deps);
    await t.companies.setStatus(approved.id, 'approved', t.clock());
    expect(await t.companies.getScore(pending.id)).toMatchObject({ score: 80, tier: 'high' });
    // (a different size too, so the directive cache sees the edit even on a coarse-mtime file system)
    d.edit('icp', (text) => text.replace('tiers: { high: 70, medium: 40 }', 'tiers: { high: 100, medium: 40 }'));
    const rescored = await rescoreCompanies({ run: t.run }, t.deps);
    expect(rescored.scored).toBe(1);
    expect(await t.companies.getScore(pending.id)).toMatchObject({ score: 80, tier: 'medium' });
    expect(await t.companies.getScore(approved.id)).toMatchObject({ tier: 'high' });
  });
});
