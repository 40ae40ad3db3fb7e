import { describe, expect, it } from 'vitest';
import { createCompanyRepo } from '../../../src/db/repos/company-repo.js';
import { createProviderStateRepo } from '../../../src/db/repos/provider-state-repo.js';
import { createRunRepo } from '../../../src/db/repos/run-repo.js';
import { AppError } from '../../../src/errors.js';
import { createProviderGuard } from '../../../src/pipeline/guard/provider-guard.js';
import { createRunRecorder } from '../../../src/pipeline/runs/recorder.js';
import type { PlanInput } from '../../../src/pipeline/scout/plan.js';
import type { CandidateCompany } from '../../../src/pipeline/scout/ports.js';
import { scoutCompanies } from '../../../src/pipeline/scout/scout.js';
import { orderSources } from '../../../src/pipeline/scout/sources.js';
import { fixedClock, memoryDb } from '../../helpers/db.js';
import { companies, fakeSource, forbidden } from '../../helpers/scout.js';

const industry = { key: 'healthcare', label: 'healthcare', known: true };
const location = { text: 'Buffalo, NY', city: 'Buffalo', state: 'NY', country: 'US' as const };

async function setup() {
  const handle = memoryDb();
  const now = fixedClock();
  const repo = createCompanyRepo(handle.db);
  const run = await createRunRecorder({ runs: createRunRepo(handle.db), now }).start({
    kind: 'search',
    trigger: 'test',
  });
  const guard = createProviderGuard({ state: createProviderStateRepo(handle.db), scope: run.id, now });
  const plans: PlanInput[] = [];
  let round = 0;
  const plan = async (input: PlanInput) => {
    plans.push(input);
    round++;
    return { variants: [`r${round}a`, `r${round}b`, `r${round}c`], source: 'synonyms' as const };
  };
  return { handle, repo, run, guard, plans, plan };
}

/** Listings keyed by query text: each variant brings its own slice. */
const byVariant = (table: Record<string, CandidateCompany[]>) => (q: { text: string }) => table[q.text] ?? [];

describe('scoutCompanies', () => {
  it('stops as soon as enough distinct new companies are found', async () => {
    const s = await setup();
    const sandbox = fakeSource('sandbox', companies(30, 'Clinic'));
    const osm = fakeSource('osm', companies(5, 'Other'));
    const result = await scoutCompanies(
      { industry, location, count: 10 },
      { ...s, companies: s.repo, sources: [sandbox, osm] },
    );
    expect(result.candidates).toHaveLength(10);
    expect(result.rounds).toBe(1);
    expect(sandbox.queries).toHaveLength(1);
    expect(osm.queries).toHaveLength(0);
    expect(result.stats).toEqual([
      { source: 'sandbox', industry: 'healthcare', queries: 1, returned: 20, kept: 10 },
      { source: 'osm', industry: 'healthcare', queries: 0, returned: 0, kept: 0 },
    ]);
  });

  it('dedupes across sources and against stored companies, keeping every source that saw a company', async () => {
    const s = await setup();
    const list = companies(6, 'Clinic');
    await s.repo.insert({ ...list[0]!, normalizedName: 'x', foundByRunId: null }, new Date());
    const a = fakeSource('sandbox', list.slice(0, 4));
    const b = fakeSource(
      'osm',
      list.slice(2, 6).map((c) => ({ ...c, name: `${c.name}, Inc.`, website: null })),
    );
    const result = await scoutCompanies(
      { industry, location, count: 10 },
      { ...s, companies: s.repo, sources: [a, b] },
    );
    expect(result.candidates.map((c) => c.domain)).toEqual(list.slice(1).map((c) => c.domain));
    expect(result.candidates.find((c) => c.domain === list[2]!.domain)!.sources).toEqual(['sandbox', 'osm']);
    expect(result.known).toBe(1);
  });

  it('retries once with new variants below 80% of the count, and never more', async () => {
    const s = await setup();
    const few = companies(3, 'Clinic');
    const source = fakeSource('sandbox', byVariant({ r1a: few.slice(0, 2), r2b: few.slice(2) }));
    const result = await scoutCompanies(
      { industry, location, count: 10 },
      { ...s, companies: s.repo, sources: [source] },
    );
    expect(result.rounds).toBe(2);
    expect(s.plans.map((p) => p.avoid)).toEqual([[], ['r1a', 'r1b', 'r1c']]);
    expect(source.queries.map((q) => `${q.text}:${q.page}`)).toEqual([
      'r1a:1',
      'r1b:1',
      'r1c:1',
      'r2a:2',
      'r2b:2',
      'r2c:2',
    ]);
    expect(result.candidates).toHaveLength(3);
  });

  it('does not retry when 80% of the count was found', async () => {
    const s = await setup();
    const source = fakeSource('sandbox', byVariant({ r1a: companies(8, 'Clinic') }));
    const result = await scoutCompanies(
      { industry, location, count: 10 },
      { ...s, companies: s.repo, sources: [source] },
    );
    expect(result.rounds).toBe(1);
    expect(result.candidates).toHaveLength(8);
  });

  it('keeps going when a source is skipped (403) or failing (timeouts), and reports both', async () => {
    const s = await setup();
    const apollo = fakeSource('apollo', [], { error: forbidden('apollo') });
    apollo.describeSkip = () => '403 plan has no API access';
    const serper = fakeSource('serper', [], {
      error: new AppError('timeout', 'serper did not answer within 10000 ms'),
    });
    const sandbox = fakeSource('sandbox', companies(12, 'Clinic'));
    const result = await scoutCompanies(
      { industry, location, count: 10 },
      { ...s, companies: s.repo, sources: [apollo, serper, sandbox] },
    );
    expect(result.candidates).toHaveLength(10);
    expect(apollo.queries).toHaveLength(1);
    expect(serper.queries).toHaveLength(2);
    expect(result.failures).toEqual({ serper: 'serper did not answer within 10000 ms' });
    expect(await s.guard.summary()).toBe('Apollo skipped: 403 plan has no API access');
    const logs = await createRunRepo(s.handle.db).logs(s.run.id);
    expect(logs.filter((l) => l.name === 'scout.apollo').map((l) => l.status)).toEqual(['error', 'skipped']);
  });

  it('queries a source that ignores the text once per round', async () => {
    const s = await setup();
    const osm = fakeSource('osm', [], { usesQueryText: false });
    await scoutCompanies({ industry, location, count: 5 }, { ...s, companies: s.repo, sources: [osm] });
    expect(osm.queries.map((q) => q.page)).toEqual([1, 2]);
  });
});

describe('orderSources', () => {
  it('asks the source whose results were kept most often first; untried sources keep the configured order', () => {
    const names = ['sandbox', 'osm', 'serper', 'apollo'];
    const sources = names.map((n) => fakeSource(n, []));
    const order = orderSources(sources, [
      { source: 'sandbox', industry: 'x', queries: 10, returned: 100, kept: 10 },
      { source: 'serper', industry: 'x', queries: 4, returned: 40, kept: 36 },
    ]);
    expect(order.map((s) => s.name)).toEqual(['serper', 'osm', 'apollo', 'sandbox']);
    expect(orderSources(sources, []).map((s) => s.name)).toEqual(names);
  });
});
