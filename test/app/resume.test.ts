import { afterEach, describe, expect, it } from 'vitest';
import { resumeInterrupted } from '../../src/app/runs/resume.js';
import { runStage } from '../../src/app/stages/run-stage.js';
import type { Container } from '../../src/container/index.js';
import { mapAsync } from '../../src/pipeline/async.js';
import type { EnrichmentProvider } from '../../src/pipeline/enrichment/ports.js';
import { importCompanies } from '../../src/pipeline/import/import-companies.js';
import type { ImportDeps, ImportRepo } from '../../src/pipeline/import/ports.js';
import type { CompanySource } from '../../src/pipeline/scout/ports.js';
import { type SearchDeps, searchCompanies } from '../../src/pipeline/search/search-companies.js';
import { approveLeads, operator, recordNotifications, restartableApp } from './helpers.js';

const thread = { channel: 'C0LEADS', ts: '1764000000.000100' };
const never = <T>() => new Promise<T>(() => {});
const settle = async (until: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await until()); i++) await new Promise((r) => setTimeout(r, 5));
  expect(await until()).toBe(true);
};

let world: ReturnType<typeof restartableApp>;
afterEach(() => world?.closeAll());

/** A search whose Scout or Analyst never returns: the run stays 'running', as after a crash. */
function hungSearch(app: Container, hang: 'scout' | 'analyst') {
  void searchCompanies(
    {
      industry: 'healthcare',
      location: 'Buffalo, NY',
      count: 3,
      trigger: 'slack',
      requestedBy: operator.id,
      slackChannel: thread.channel,
      slackThreadTs: thread.ts,
    },
    hungDeps(app, hang),
  );
}

function hungDeps(app: Container, hang: 'scout' | 'analyst'): SearchDeps {
  const sources = app.scoutSources.map(
    (s): CompanySource =>
      hang === 'scout'
        ? { name: s.name, usesQueryText: s.usesQueryText, resolveLocation: s.resolveLocation?.bind(s), search: never }
        : s,
  );
  return {
    companies: app.repos.companies,
    recorder: app.recorder,
    providerState: app.repos.providerState,
    sourceStats: app.repos.sourceStats,
    sources,
    directives: app.directives,
    llm: app.llm,
    now: app.now,
    analyze: never,
  };
}

function importDepsOf(app: Container): ImportDeps {
  const { imports, companies } = app.repos;
  return { imports, companies, recorder: app.recorder, directives: app.directives, tx: app.tx, now: app.now };
}

/** Answers for every company except those whose domain `hangs` says, which never get an answer. */
function provider(asked: string[], hangs: (domain: string) => boolean = () => false): EnrichmentProvider {
  return {
    name: 'hunter',
    async find(target) {
      asked.push(target.domain);
      if (hangs(target.domain)) return never();
      return {
        candidates: [
          {
            fullName: 'Dana Whitfield',
            firstName: 'Dana',
            lastName: 'Whitfield',
            title: 'Chief Financial Officer',
            email: `dana.whitfield@${target.domain}`,
            emailKind: 'found',
            source: 'hunter',
            evidenceUrl: `https://${target.domain}/team`,
            confidence: 0.94,
            phone: null,
            linkedinUrl: null,
            verification: 'valid',
          },
        ],
        notes: [],
      };
    },
  };
}

const runsOf = (app: Container, kind: string) => app.repos.runs.list({ limit: 50, kind });

describe('resuming interrupted runs at startup', () => {
  it('a search cut off after Scout is scored under the same run id, without scouting again, and waits at Gate 1', async () => {
    world = restartableApp();
    const first = await world.start();
    hungSearch(first, 'analyst');
    await settle(async () => (await runsOf(first, 'search'))[0]?.currentStage === 'analyst');
    const runId = (await runsOf(first, 'search'))[0]!.id;
    const found = await first.repos.companies.listLeads({ runId, limit: 50 });
    expect(found.map((l) => l.company.status)).toEqual(['new', 'new', 'new']);

    const second = await world.start();
    const notes = recordNotifications(second, ['leadsFound', 'runFailed']);
    const report = await resumeInterrupted(second);
    expect(report.runs).toEqual([{ runId, kind: 'search', status: 'awaiting_approval', error: null }]);
    const leads = await second.repos.companies.listLeads({ runId, limit: 50 });
    expect(leads.map((l) => l.company.id).sort()).toEqual(found.map((l) => l.company.id).sort());
    expect(leads.every((l) => l.company.status === 'pending' && l.score !== null)).toBe(true);
    expect(await second.repos.companies.listLeads({ limit: 100 })).toHaveLength(3);
    const run = (await second.repos.runs.get(runId))!;
    expect(run).toMatchObject({ attempts: 1, slackThreadTs: thread.ts });
    expect(run.summary).toMatch(/3 of 3 .* found · continued after an interruption$/);
    expect((await second.repos.runs.logs(runId)).filter((l) => l.name === 'run.resumed')).toHaveLength(1);
    expect(notes.of('leadsFound')).toEqual([
      { runId, companyIds: expect.arrayContaining(found.map((l) => l.company.id)) },
    ]);
    expect(notes.of('runFailed')).toEqual([]);
    expect(await runsOf(second, 'search')).toHaveLength(1);
  });

  it('a search cut off while Scout was asking its sources scouts again under the same run id', async () => {
    world = restartableApp();
    const first = await world.start();
    hungSearch(first, 'scout');
    await settle(async () => (await runsOf(first, 'search'))[0]?.currentStage === 'scout');
    const runId = (await runsOf(first, 'search'))[0]!.id;

    const second = await world.start();
    await resumeInterrupted(second);
    expect(await second.repos.runs.get(runId)).toMatchObject({ status: 'awaiting_approval', attempts: 1 });
    expect(await second.repos.companies.listLeads({ runId, status: ['pending'], limit: 50 })).toHaveLength(3);
    expect(await second.repos.companies.listLeads({ limit: 100 })).toHaveLength(3);
  });

  it('enrichment cut off mid-batch asks only for the companies not done, under the same run, then drafts them all', async () => {
    world = restartableApp({ HUNTER_API_KEY: 'test', ENRICHMENT_ORDER: 'hunter' });
    const first = await world.start();
    const found = await first.searchCompanies({
      industry: 'healthcare',
      location: 'Buffalo, NY',
      count: 3,
      trigger: 'cli',
    });
    const ids = found.leads.map((l) => l.company.id);
    await approveLeads(first, ids);
    const domains = await mapAsync(ids, async (id) => (await first.repos.companies.get(id))!.domain!);
    const askedBefore: string[] = [];
    first.enrichment = { ...first.enrichment, providers: [provider(askedBefore, (d) => d === domains[2])] };
    void runStage(first, 'enrich', { trigger: 'slack', requestedBy: operator.id, companyIds: ids });
    await settle(
      async () => ((await runsOf(first, 'enrich'))[0]?.checkpoint.enriched as number[] | undefined)?.length === 2,
    );
    const runId = (await runsOf(first, 'enrich'))[0]!.id;

    const second = await world.start();
    const askedAfter: string[] = [];
    second.enrichment = { ...second.enrichment, providers: [provider(askedAfter)] };
    const notes = recordNotifications(second, ['draftsReady', 'runFailed']);
    const report = await resumeInterrupted(second);
    expect(report.runs).toEqual([{ runId, kind: 'enrich', status: 'completed', error: null }]);
    expect(askedAfter).toEqual([domains[2]]);
    expect(await runsOf(second, 'enrich')).toHaveLength(1);
    for (const [i, id] of ids.entries()) {
      const contacts = await second.repos.contacts.listForCompany(id);
      expect(contacts.map((c) => [c.email, c.isPrimary])).toEqual([[`dana.whitfield@${domains[i]}`, true]]);
      expect(await second.repos.drafts.list({ companyId: id, limit: 5 })).toHaveLength(1);
    }
    expect((await second.repos.runs.get(runId))!.summary).toMatch(
      /continued after an interruption \(2 enriched before it\)/,
    );
    expect(report.recovered).toEqual({ enriched: [], written: [...ids].sort((a, b) => a - b), queued: [] });
    expect(notes.of('draftsReady').flatMap((n) => n.draftIds)).toHaveLength(3);
    expect(notes.of('runFailed')).toEqual([]);
  });

  it('closes runs that cannot be resumed as failed with the reason, and says so', async () => {
    world = restartableApp();
    const first = await world.start();
    const agent = await first.recorder.start({ kind: 'agent', trigger: 'slack', input: { text: 'plan my week' } });
    world.clock.advance(1000);
    const regenerate = await first.recorder.start({ kind: 'write', trigger: 'slack', input: { regenerate: 4 } });
    world.clock.advance(1000);
    const odd = await first.recorder.start({ kind: 'mystery', trigger: 'cli' });
    const second = await world.start();
    const notes = recordNotifications(second, ['runFailed']);
    const report = await resumeInterrupted(second);
    expect(report.runs.map((r) => [r.runId, r.status])).toEqual([
      [agent.id, 'failed'],
      [regenerate.id, 'failed'],
      [odd.id, 'failed'],
    ]);
    expect((await second.repos.runs.get(agent.id))!.error).toBe(
      'Interrupted by a restart before the answer was finished; ask again',
    );
    expect((await second.repos.runs.get(regenerate.id))!.error).toMatch(/^Interrupted by a restart while regenerating/);
    expect((await second.repos.runs.get(odd.id))!.error).toMatch(/a mystery run cannot be resumed, start it again$/);
    expect(notes.of('runFailed').map((n) => n.runId)).toEqual([agent.id, regenerate.id, odd.id]);
  });

  it('leaves runs of this process and finished runs alone', async () => {
    world = restartableApp();
    const first = await world.start();
    const done = await first.recorder.start({ kind: 'track', trigger: 'cli' });
    await done.complete('Nothing stuck');
    const second = await world.start();
    const mine = await second.recorder.start({ kind: 'agent', trigger: 'slack' });
    const report = await resumeInterrupted(second);
    expect(report.runs).toEqual([]);
    expect(await second.repos.runs.get(mine.id)).toMatchObject({ status: 'running', attempts: 0 });
    expect(await second.repos.runs.get(done.id)).toMatchObject({ status: 'completed', attempts: 0 });
  });

  it('an import cut off mid-file finishes from its checkpoint to the end; score and track runs run again', async () => {
    world = restartableApp();
    const first = await world.start();
    const rows = Array.from(
      { length: 9 },
      (_, i) => `Clinic ${i + 1} Health,healthcare,Buffalo,NY,clinic${i + 1}.example`,
    );
    const csv = [
      'name,industry,city,state,website',
      ...rows,
      'Clinic 1 Health,healthcare,Buffalo,NY,clinic1.example',
      'Bad,healthcare,Buffalo,ZZ,',
    ].join('\n');
    // The file is kept in pieces of 64 bytes; reading the sixth never returns, as if the process died there.
    const imports: ImportRepo = {
      ...first.repos.imports,
      chunk: (runId, seq) => (seq >= 5 ? never() : first.repos.imports.chunk(runId, seq)),
    };
    const deps = { ...importDepsOf(first), imports, batchRows: 2, chunkBytes: 64 };
    void importCompanies({ csv, fileName: 'leads.csv', trigger: 'cli' }, deps);
    // Rows 1–4 fit in the five pieces read (two batches of two); row 5 waits for a sixth piece that never comes.
    await settle(async () => (await runsOf(first, 'import'))[0]?.counters.companiesImported === 4);
    const imported = (await runsOf(first, 'import'))[0]!.id;
    expect(await first.repos.companies.listLeads({ runId: imported, limit: 50 })).toHaveLength(4);
    world.clock.advance(1000);
    const score = await first.recorder.start({ kind: 'score', trigger: 'cli', input: { companyIds: null } });
    world.clock.advance(1000);
    const track = await first.recorder.start({ kind: 'track', trigger: 'cron', input: { imap: false } });

    const second = await world.start();
    const notes = recordNotifications(second, ['leadsFound', 'importFinished']);
    const report = await resumeInterrupted(second);
    expect(report.runs.map((r) => [r.runId, r.status])).toEqual([
      [imported, 'awaiting_approval'],
      [score.id, 'completed'],
      [track.id, 'completed'],
    ]);
    const leads = await second.repos.companies.listLeads({ runId: imported, limit: 50 });
    expect(leads.map((l) => l.company.name).sort()).toEqual(rows.map((r) => r.split(',')[0]).sort());
    expect(leads.every((l) => l.company.status === 'pending' && l.score?.reasonSource === 'template')).toBe(true);
    expect((await second.repos.runs.get(imported))!.summary).toBe(
      '9 companies imported from leads.csv · 1 duplicates left out · 1 bad rows skipped · continued after an interruption',
    );
    expect(await second.repos.imports.issues(imported)).toEqual([
      {
        kind: 'duplicate',
        line: 11,
        name: 'Clinic 1 Health',
        existingId: leads.find((l) => l.company.name === 'Clinic 1 Health')!.company.id,
      },
      {
        kind: 'bad',
        line: 12,
        problem: 'state "ZZ" is not a US state',
        accepted: 'a state code like NY or a name like New York',
      },
    ]);
    // The kept file is gone; the surfaces get one summary, not a card per company.
    expect(await second.repos.imports.chunk(imported, 0)).toBeUndefined();
    expect(notes.of('leadsFound')).toEqual([]);
    expect(notes.of('importFinished')).toEqual([
      {
        runId: imported,
        summary: expect.stringMatching(/^9 companies imported/),
        imported: 9,
        tiers: expect.any(Object),
      },
    ]);
    expect((await second.repos.runs.get(score.id))!.summary).toMatch(/^Re-scored \d+ companies/);
    expect((await second.repos.runs.get(track.id))!.summary).toMatch(/No IMAP mailbox is configured/);
  });
});
