import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCompanyRepo } from '../../../src/db/repos/company-repo.js';
import { createImportRepo } from '../../../src/db/repos/import-repo.js';
import { createRunRepo } from '../../../src/db/repos/run-repo.js';
import { isAppError } from '../../../src/errors.js';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import { importCompanies } from '../../../src/pipeline/import/import-companies.js';
import type { ImportDeps } from '../../../src/pipeline/import/ports.js';
import { createRunRecorder } from '../../../src/pipeline/runs/recorder.js';
import { fixedClock, memoryDb } from '../../helpers/db.js';

const directives = createDirectiveStore(resolve('directives'));

function world(tune: Partial<ImportDeps> = {}) {
  const db = memoryDb();
  const now = fixedClock();
  const runs = createRunRepo(db.db);
  const deps: ImportDeps = {
    imports: createImportRepo(db.db),
    companies: createCompanyRepo(db.db),
    recorder: createRunRecorder({ runs, now }),
    directives,
    tx: (fn) => db.session.transaction(fn),
    now,
    ...tune,
  };
  const count = (table: string) => (db.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  return { db, deps, runs, count };
}

const FILE = [
  'name,industry,city,state,website,employees',
  'Lakeview Family Health,healthcare,Buffalo,NY,lakeview-health.example,40',
  'Harbor Cold Storage,cold storage,Buffalo,NY,harborcold.example,120',
  'Summit Dental,dentists,Rochester,NY,,12',
  'Bad State Clinic,healthcare,Buffalo,ZZ,,',
  '"Unclosed Dental,dentists,Buffalo,NY,,',
  'The Harbor Cold Storage LLC,cold storage,Buffalo,NY,www.harborcold.example,',
  'Lakeview Family Health Center,healthcare,Buffalo,NY,,',
  'Granite Law,law firms,Austin,TX,granitelaw.example,9',
  'Summit Dental,dentists,Rochester,NY,summitdental.example,',
  'Cedar Brewing,breweries,Buffalo,NY,cedarbrewing.example,',
].join('\n');

const imported = async (w: ReturnType<typeof world>, runId: string) =>
  (await w.deps.companies.listLeads({ runId, limit: 100 })).map((l) => [l.company.name, l.company.status]).sort();

describe('streaming CSV import', () => {
  it('stores and scores new companies in batches, reports bad rows and duplicates by line, whatever the batch size', async () => {
    const results = [];
    for (const tune of [{}, { batchRows: 2, chunkBytes: 16 }, { batchRows: 1, chunkBytes: 1 }]) {
      const w = world(tune);
      const result = await importCompanies({ csv: FILE, fileName: 'f.csv', trigger: 'cli' }, w.deps);
      expect(await imported(w, result.runId)).toEqual([
        ['Cedar Brewing', 'pending'],
        ['Granite Law', 'pending'],
        ['Harbor Cold Storage', 'pending'],
        ['Lakeview Family Health', 'pending'],
        ['Summit Dental', 'pending'],
      ]);
      // Every stored company has its features and score (template reasons: no model, no vendor per row).
      expect([w.count('companies'), w.count('company_features'), w.count('lead_scores')]).toEqual([5, 5, 5]);
      expect(result.leads.every((l) => l.score?.reasonSource === 'template' && l.features)).toBe(true);
      expect(result.summary).toBe('5 companies imported from f.csv · 3 duplicates left out · 2 bad rows skipped');
      expect(result.badRows.map((b) => [b.line, b.problem])).toEqual([
        [5, 'state "ZZ" is not a US state'],
        [6, 'opens a quoted field that is not closed on this line (in the name column)'],
      ]);
      expect(result.duplicates).toEqual([
        { line: 7, name: 'The Harbor Cold Storage LLC' },
        { line: 8, name: 'Lakeview Family Health Center' },
        { line: 10, name: 'Summit Dental' },
      ]);
      const run = (await w.runs.get(result.runId))!;
      expect(run).toMatchObject({ status: 'awaiting_approval', summary: result.summary });
      expect(run.counters).toMatchObject({ rowsRead: 10, companiesImported: 5, duplicates: 3, badRows: 2 });
      expect(w.count('import_files')).toBe(0);
      results.push(result.tiers);
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('leaves out companies stored before, naming them, and imports nothing new as a completed run', async () => {
    const w = world({ batchRows: 3 });
    await importCompanies({ csv: FILE, fileName: 'f.csv', trigger: 'cli' }, w.deps);
    const again = await importCompanies({ csv: FILE, fileName: 'f.csv', trigger: 'cli' }, w.deps);
    expect(again.summary).toBe('Nothing new in f.csv: 8 already known, 2 bad rows');
    expect(again.imported).toBe(0);
    expect(again.duplicates.filter((d) => d.existingId === undefined)).toEqual([]);
    expect((await w.runs.get(again.runId))!.status).toBe('completed');
    expect(w.count('companies')).toBe(5);
  });

  it('reads the header first and writes nothing for a file it cannot use', async () => {
    const w = world();
    const refused = async (csv: string, industry?: string) => {
      try {
        await importCompanies({ csv, fileName: 'f.csv', trigger: 'cli', industry }, w.deps);
      } catch (err) {
        return isAppError(err, 'invalid_input') ? err.message : `unexpected: ${err}`;
      }
      return 'accepted';
    };
    expect(await refused('')).toBe('f.csv is empty: expected a header row such as name,city,state,website');
    expect(await refused('city,state\nBuffalo,NY\n')).toMatch(/^f\.csv has no name column/);
    expect(await refused('name\nAcme\n')).toBe('f.csv has no industry column; add one or give --industry');
    expect(await refused('"name,industry\nAcme,retail\n')).toMatch(/^f\.csv line 1 \(the header\) opens a quoted/);
    expect([w.count('agent_runs'), w.count('companies'), w.count('import_files')]).toEqual([0, 0, 0]);
    expect(await refused('name\nAcme\n', 'law firms')).toBe('accepted');
  });

  it('takes the file as a stream of bytes, a byte-order mark and multi-byte characters across pieces included', async () => {
    const w = world({ batchRows: 2 });
    const bytes = Buffer.from(
      `\ufeffname,industry,city,state\nCafé Ünïcödé,restaurants,Buffalo,NY\nZoë's Dental,dentists,Buffalo,NY\n`,
    );
    async function* stream() {
      for (let i = 0; i < bytes.length; i += 3) yield bytes.subarray(i, i + 3);
    }
    const result = await importCompanies({ csv: stream(), fileName: 's.csv', trigger: 'cli' }, w.deps);
    expect(await imported(w, result.runId)).toEqual([
      ['Café Ünïcödé', 'pending'],
      ["Zoë's Dental", 'pending'],
    ]);
  });
});
