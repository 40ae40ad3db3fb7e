import { AppError } from '../../errors.js';
import type { Lead } from '../companies/ports.js';
import { createProviderGuard } from '../guard/provider-guard.js';
import type { RunHandle } from '../runs/recorder.js';
import { type CsvBadRow, parseCompanyCsv } from '../scout/csv.js';
import { createDedupeIndex, findExistingCompany } from '../scout/dedupe.js';
import { loadIndustryTable } from '../scout/directive.js';
import { createReenricher } from '../scout/sources.js';
import { insertCandidates } from './insert.js';
import type { SearchDeps, SearchRequest } from './search-companies.js';

export type ImportDeps = Omit<SearchDeps, 'sourceStats' | 'llm'>;

export interface ImportRequest extends Pick<SearchRequest, 'trigger' | 'requestedBy' | 'onRunStarted'> {
  csv: string;
  fileName: string;
  /** Industry for rows without one. */
  industry?: string;
}

export interface ImportResult {
  /** Undefined when nothing new was imported (no run was started). */
  runId?: string;
  leads: Lead[];
  /** Rows that are companies already known (in the file or the database). */
  duplicates: { line: number; name: string; existingId?: number }[];
  /** Rows left out: line, what is wrong and what would be accepted. */
  badRows: CsvBadRow[];
  summary: string;
}

/**
 * Imports companies from a CSV as a tracked run: bad rows are reported by line and skipped, duplicates (within the
 * file or already stored) are merged or left out like Scout's, and the new companies are scored by the Analyst.
 * @throws AppError('invalid_input') for a file without a usable header or without a single usable row.
 */
export async function importCompanies(request: ImportRequest, deps: ImportDeps): Promise<ImportResult> {
  const parsed = parseCompanyCsv(request.csv, {
    fileName: request.fileName,
    industries: loadIndustryTable(deps.directives),
    defaultIndustry: request.industry?.trim() || undefined,
  });
  const { badRows } = parsed;
  if (parsed.rows.length === 0) {
    const first = badRows.slice(0, 3).map((b) => `line ${b.line}: ${b.problem}`);
    throw new AppError(
      'invalid_input',
      `${request.fileName} has no usable rows${first.length ? ` (${first.join('; ')})` : ''}`,
    );
  }
  const duplicates: ImportResult['duplicates'] = [];
  const index = createDedupeIndex();
  for (const { line, company } of parsed.rows) {
    const existing = await findExistingCompany(company, deps.companies);
    if (existing) duplicates.push({ line, name: company.name, existingId: existing.id });
    else if (index.add(company)) duplicates.push({ line, name: company.name });
  }
  const fresh = index.values();
  if (fresh.length === 0) {
    const summary = `Nothing new in ${request.fileName}: ${duplicates.length} already known, ${badRows.length} bad rows`;
    return { leads: [], duplicates, badRows, summary };
  }
  const run = await deps.recorder.start({
    kind: 'import',
    trigger: request.trigger,
    requestedBy: request.requestedBy ?? null,
    input: { file: request.fileName, rows: parsed.rows.length, badRows: badRows.length },
  });
  request.onRunStarted?.(run.id);
  try {
    await run.stage('import');
    const inserted = await insertCandidates(fresh, { runId: run.id }, deps);
    await run.count({ companiesImported: inserted.length });
    const guard = createProviderGuard({ state: deps.providerState, scope: run.id, now: deps.now });
    await run.stage('analyst');
    const reenrich = createReenricher(deps.sources, guard, run, {
      companies: deps.companies,
      spend: deps.spend ? { ...deps.spend, runId: run.id } : undefined,
    });
    await deps.analyze({ companyIds: inserted.map((c) => c.id), run }, reenrich);
    const leads = await deps.companies.listLeads({ ids: inserted.map((c) => c.id), limit: inserted.length });
    const skipped = await guard.summary();
    const summary = [
      `${inserted.length} companies imported from ${request.fileName}`,
      `${duplicates.length} duplicates left out`,
      `${badRows.length} bad rows skipped`,
      ...(skipped ? [skipped] : []),
    ].join(' · ');
    await run.awaitApproval(summary);
    return { runId: run.id, leads, duplicates, badRows, summary };
  } catch (err) {
    await run.fail(err);
    throw err;
  }
}

/**
 * Resumes an import run left running by a restart, under the same run id. The file is not kept, so the companies
 * the run had stored are scored (those already scored are left alone) and wait at Gate 1; rows not yet stored when
 * it stopped are named in the summary (importing the file again adds them and recognises the rest as duplicates).
 * @throws whatever the Analyst throws (the run is then marked failed).
 */
export async function resumeImport(input: { run: RunHandle }, deps: ImportDeps): Promise<ImportResult> {
  const { run } = input;
  try {
    const record = await run.current();
    const stored = (await deps.companies.listLeads({ runId: run.id, limit: 10_000 })).map((l) => l.company);
    const cutOff = record.currentStage !== 'analyst';
    await run.stage('analyst');
    const unscored = stored.filter((c) => c.status === 'new').map((c) => c.id);
    const guard = createProviderGuard({ state: deps.providerState, scope: run.id, now: deps.now });
    const reenrich = createReenricher(deps.sources, guard, run, {
      companies: deps.companies,
      spend: deps.spend ? { ...deps.spend, runId: run.id } : undefined,
    });
    if (unscored.length > 0) await deps.analyze({ companyIds: unscored, run }, reenrich);
    const ids = stored.map((c) => c.id);
    const leads = ids.length > 0 ? await deps.companies.listLeads({ ids, limit: ids.length }) : [];
    const file = String(record.input.file ?? 'the file');
    const summary = [
      `${stored.length} companies imported from ${file}`,
      cutOff
        ? 'interrupted by a restart while storing rows: import the file again for any missing (known ones are skipped)'
        : 'continued after an interruption',
    ].join(' · ');
    if (leads.length > 0) await run.awaitApproval(summary);
    else await run.complete(summary);
    return { runId: run.id, leads, duplicates: [], badRows: [], summary };
  } catch (err) {
    await run.fail(err);
    throw err;
  }
}
