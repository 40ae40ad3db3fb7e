import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createCompanyRepo } from '../../../src/db/repos/company-repo.js';
import { createProviderStateRepo } from '../../../src/db/repos/provider-state-repo.js';
import { createRunRepo } from '../../../src/db/repos/run-repo.js';
import { createSourceStatsRepo } from '../../../src/db/repos/source-stats-repo.js';
import { isAppError } from '../../../src/errors.js';
import { analyzeCompanies } from '../../../src/pipeline/analyst/analyze.js';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import { createNoLlm } from '../../../src/pipeline/llm/none.js';
import { createRunRecorder } from '../../../src/pipeline/runs/recorder.js';
import type { CompanySource } from '../../../src/pipeline/scout/ports.js';
import {
  type AnalyzeFn,
  resumeSearch,
  type SearchDeps,
  type SearchRequest,
  searchCompanies,
} from '../../../src/pipeline/search/search-companies.js';
import { createSandboxSource, loadSandboxDirectory } from '../../../src/providers/scout/sandbox.js';
import { fixedClock, memoryDb } from '../../helpers/db.js';
import { fakeSource, forbidden, companies as listings } from '../../helpers/scout.js';

const directives = createDirectiveStore(resolve('directives'));
const sandboxDirectory = loadSandboxDirectory();

const fakeAnalyze: AnalyzeFn = async ({ companyIds }) => ({ scored: companyIds.length, leads: [] });

function setup(sources: CompanySource[], analyze?: AnalyzeFn) {
  const handle = memoryDb();
  const now = fixedClock();
  const companies = createCompanyRepo(handle.db);
  const runs = createRunRepo(handle.db);
  /** Scores every company 50 + id and moves it to pending, as the Analyst would. */
  const scoring: AnalyzeFn = async (input, reenrich) => {
    for (const id of input.companyIds) {
      await companies.upsertScore(
        {
          companyId: id,
          runId: input.run.id,
          profile: 'p',
          score: 50 + id,
          tier: 'medium',
          breakdown: {},
          scoreReason: `Reason ${id}.`,
          reasonSource: 'template',
        },
        now(),
      );
      await companies.setStatus(id, 'pending', now());
    }
    return (analyze ?? fakeAnalyze)(input, reenrich);
  };
  const deps: SearchDeps = {
    companies,
    recorder: createRunRecorder({ runs, now }),
    providerState: createProviderStateRepo(handle.db),
    sourceStats: createSourceStatsRepo(handle.db),
    sources,
    directives,
    llm: createNoLlm(),
    analyze: scoring,
    now,
  };
  const count = (table: string) =>
    (handle.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  return { handle, deps, companies, runs, count };
}

const request = (over: Partial<SearchRequest> = {}): SearchRequest => ({
  industry: 'healthcare',
  location: 'Buffalo, NY',
  count: 10,
  trigger: 'test',
  ...over,
});

describe('searchCompanies', () => {
  it('rejects bad input with a clear message and writes nothing', async () => {
    const s = setup([createSandboxSource(() => sandboxDirectory)]);
    const cases: [Partial<SearchRequest>, RegExp][] = [
      [{ count: 0 }, /count must be a whole number from 1 to 100 \(got "0"\)/],
      [{ count: 101 }, /from 1 to 100/],
      [{ count: 2.5 }, /from 1 to 100/],
      [{ industry: '  ' }, /industry is empty/],
      [{ location: '' }, /location is empty/],
      [{ location: 'Atlantis' }, /No source can search "Atlantis"/],
      [{ location: 'Springfield, IL' }, /Sandbox does not know it/],
    ];
    for (const [over, message] of cases) {
      const err = await searchCompanies(request(over), s.deps).catch((e: unknown) => e);
      expect(isAppError(err, 'invalid_input'), String(err)).toBe(true);
      expect((err as Error).message).toMatch(message);
    }
    expect([s.count('agent_runs'), s.count('companies'), s.count('provider_state')]).toEqual([0, 0, 0]);
  });

  it('finds, stores and scores the companies as one tracked run awaiting approval', async () => {
    const s = setup([createSandboxSource(() => sandboxDirectory)]);
    const started = vi.fn();
    const result = await searchCompanies(request({ industry: 'hospitals', onRunStarted: started }), s.deps);
    expect(started).toHaveBeenCalledWith(result.runId);
    expect(result.leads).toHaveLength(10);
    expect(new Set(result.leads.map((l) => l.company.domain)).size).toBe(10);
    expect(result.leads.every((l) => l.company.city === 'Buffalo' && l.company.industry === 'healthcare')).toBe(true);
    expect(result.leads.every((l) => l.company.status === 'pending' && l.company.foundByRunId === result.runId)).toBe(
      true,
    );
    expect(result.leads.map((l) => l.score!.score)).toEqual(
      [...result.leads.map((l) => l.score!.score)].sort((a, b) => b - a),
    );
    // The term is what was searched: hospitals first, the rest of the category labelled as a broader search.
    expect(result.summary).toBe('10 of 10 hospitals in Buffalo, NY found');
    const kinds = result.leads.map((l) => (/hospital/i.test(l.company.name) ? 'asked' : l.company.sourceRefs.broader));
    expect(kinds.every((k) => k === 'asked' || k === 'healthcare')).toBe(true);
    expect(kinds).toContain('asked');
    const run = (await s.runs.get(result.runId))!;
    expect(run).toMatchObject({ kind: 'search', status: 'awaiting_approval', summary: result.summary });
    expect(run.counters.companiesFound).toBe(10);
    expect(await s.deps.sourceStats.list('healthcare')).toEqual([
      { source: 'sandbox', industry: 'healthcare', queries: 1, returned: expect.any(Number), kept: 10 },
    ]);
  });

  it('never stores the same company twice across runs; "more" (exclude) brings new ones first', async () => {
    const s = setup([createSandboxSource(() => sandboxDirectory)]);
    const first = await searchCompanies(request({ count: 5 }), s.deps);
    const shown = first.leads.map((l) => l.company.id);
    const again = await searchCompanies(request({ count: 5 }), s.deps);
    expect(again.leads.map((l) => l.company.id).sort()).toEqual([...shown].sort());
    expect(again.summary).toContain('(5 already waiting for approval)');
    const more = await searchCompanies(request({ count: 5, exclude: shown }), s.deps);
    expect(more.leads).toHaveLength(5);
    expect(more.leads.some((l) => shown.includes(l.company.id))).toBe(false);
    const all = await searchCompanies(request({ count: 100, exclude: [] }), s.deps);
    expect(s.count('companies')).toBe(all.leads.length);
    const names = s.handle.sqlite
      .prepare('select count(distinct normalized_name) as n, count(*) as total from companies')
      .get();
    expect(names).toEqual({ n: all.leads.length, total: all.leads.length });
    expect(all.summary).toMatch(
      /^\d+ of 100 healthcare companies in Buffalo, NY found \(10 already waiting for approval\); the sources have no more new ones$/,
    );
  });

  it('completes from the other sources and names what was skipped and why', async () => {
    const apollo = fakeSource('apollo', [], { error: forbidden('apollo') });
    apollo.describeSkip = () => '403 plan has no API access';
    const serper = fakeSource('serper', listings(12, 'Clinic'));
    const s = setup([apollo, serper]);
    const result = await searchCompanies(request(), s.deps);
    expect(result.leads).toHaveLength(10);
    expect(result.summary).toBe(
      '10 of 10 healthcare companies in Buffalo, NY found · Apollo skipped: 403 plan has no API access',
    );
  });

  it('marks the run failed when the analyst fails, keeping what Scout stored', async () => {
    const s = setup([createSandboxSource(() => sandboxDirectory)], async () => {
      throw new Error('profile broken');
    });
    const err = await searchCompanies(request(), s.deps).catch((e: unknown) => e);
    expect((err as Error).message).toBe('profile broken');
    const [run] = await s.runs.list({ limit: 1 });
    expect(run).toMatchObject({ status: 'failed', error: 'profile broken' });
    expect(s.count('companies')).toBe(10);
  });

  it('scores with the real Analyst: 0–100, a tier and a reason for every company', async () => {
    const s = setup([createSandboxSource(() => sandboxDirectory)]);
    s.deps.analyze = (input, reenrich) =>
      analyzeCompanies(input, { companies: s.companies, directives, llm: createNoLlm(), now: s.deps.now, reenrich });
    const result = await searchCompanies(
      request({ location: 'Rochester, NY', industry: 'law firms', count: 12 }),
      s.deps,
    );
    expect(result.leads).toHaveLength(12);
    for (const lead of result.leads) {
      expect(lead.company.status).toBe('pending');
      expect(lead.score!.score).toBeGreaterThanOrEqual(0);
      expect(lead.score!.score).toBeLessThanOrEqual(100);
      expect(['high', 'medium', 'low']).toContain(lead.score!.tier);
      expect(lead.score!.scoreReason.length).toBeGreaterThan(20);
    }
  });
});

describe('resumeSearch', () => {
  const never = () => new Promise<never>(() => {});
  const interrupted = async (s: ReturnType<typeof setup>, deps: SearchDeps, stage: string) => {
    void searchCompanies(request({ count: 4 }), deps);
    for (let i = 0; i < 100 && (await s.runs.list({ limit: 1 }))[0]?.currentStage !== stage; i++)
      await new Promise((r) => setTimeout(r, 2));
    const [run] = await s.runs.list({ limit: 1 });
    expect(run).toMatchObject({ status: 'running', currentStage: stage });
    return s.deps.recorder.resume(run!.id);
  };

  it('after Scout finished, scores what it stored under the same run without asking the sources again', async () => {
    const source = fakeSource('serper', listings(6, 'Clinic'));
    const s = setup([source]);
    const run = await interrupted(s, { ...s.deps, analyze: never }, 'analyst');
    const asked = source.queries.length;
    expect(s.count('companies')).toBe(4);
    const result = await resumeSearch({ run }, s.deps);
    expect(source.queries).toHaveLength(asked);
    expect(result.runId).toBe(run.id);
    expect(result.leads.map((l) => l.company.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(s.count('companies')).toBe(4);
    expect(await s.runs.get(run.id)).toMatchObject({
      status: 'awaiting_approval',
      summary: '4 of 4 healthcare companies in Buffalo, NY found · continued after an interruption',
    });
  });

  it('cut off while Scout was asking, scouts again and never stores a company twice', async () => {
    const source = fakeSource('serper', listings(6, 'Clinic'));
    const s = setup([source]);
    const run = await interrupted(s, { ...s.deps, sources: [{ ...source, search: never }] }, 'scout');
    const result = await resumeSearch({ run }, s.deps);
    expect(source.queries.length).toBeGreaterThan(0);
    expect(result.leads).toHaveLength(4);
    expect(s.count('companies')).toBe(4);
    expect(s.count('agent_runs')).toBe(1);
    expect((await s.runs.get(run.id))!.status).toBe('awaiting_approval');
  });
});
