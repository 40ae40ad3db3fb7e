import { AppError } from '../../errors.js';
import { createBatchScorer } from '../analyst/score-batch.js';
import type { RunHandle } from '../runs/recorder.js';
import { csvColumns } from '../scout/csv.js';
import { loadIndustryTable, resolveIndustry } from '../scout/directive.js';
import { type CsvPosition, readCsvItems } from './csv-stream.js';
import { createMatchIndex } from './match-index.js';
import { type ImportDeps, type ImportRepo, type ImportResult, TOP_LEADS } from './ports.js';
import { storeBatch } from './store-batch.js';

const DEFAULT_BATCH_ROWS = 2000;

/** What an import run records in its input when it starts (see import-companies.ts). */
interface ImportInput {
  file: string;
  header: string[];
  industry?: string;
  chunkBytes: number;
}

/** Where the import stands, in the run's checkpoint: the file's size once kept, and the next row to read. */
interface ImportCheckpoint extends Partial<CsvPosition> {
  fileBytes?: number;
}

const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Reads the kept file from the run's checkpoint to its end, a batch of rows per transaction, then ends the run: it
 * waits at Gate 1 when companies were imported, else it is completed. The file is forgotten in the same transaction.
 * Used to finish an import that just started, and to resume one a restart interrupted, under the same run id.
 * @throws AppError('conflict') when the run's file was never completely kept (the run is then failed).
 */
export async function continueImport(run: RunHandle, deps: ImportDeps, resumed = false): Promise<ImportResult> {
  try {
    const record = await run.current();
    const input = record.input as unknown as ImportInput;
    const at = record.checkpoint as ImportCheckpoint;
    if (typeof input.chunkBytes !== 'number' || !Array.isArray(input.header))
      throw new AppError('conflict', 'Interrupted by a restart before imports kept their file; import it again');
    if (at.fileBytes === undefined || at.offset === undefined || at.line === undefined)
      throw new AppError(
        'conflict',
        'Interrupted while the file was being read; import it again (known companies are left out)',
      );
    await run.stage('import');
    const industries = loadIndustryTable(deps.directives);
    const resolved = new Map<string, string>();
    const options = {
      fileName: input.file,
      industries,
      defaultIndustry: input.industry,
      resolve: (text: string) => {
        const key = resolved.get(text) ?? resolveIndustry(text, industries).key;
        resolved.set(text, key);
        return key;
      },
    };
    const ctx = {
      run,
      deps,
      options,
      header: input.header,
      columns: csvColumns(input.header, options),
      index: createMatchIndex(),
      seeded: new Set<string>(),
      score: createBatchScorer(deps.directives, run.id),
    };
    const pieces = storedPieces(deps.imports, run.id, input.chunkBytes, at.offset, at.fileBytes);
    for await (const items of readCsvItems(
      pieces,
      { offset: at.offset, line: at.line },
      deps.batchRows ?? DEFAULT_BATCH_ROWS,
    )) {
      await storeBatch(items, ctx);
      await yieldToEventLoop();
    }
    return await finishImport(run, deps, input.file, resumed);
  } catch (err) {
    await run.fail(err);
    throw err;
  }
}

async function finishImport(run: RunHandle, deps: ImportDeps, file: string, resumed: boolean): Promise<ImportResult> {
  const c = (await run.current()).counters;
  const imported = c.companiesImported ?? 0;
  const duplicates = c.duplicates ?? 0;
  const bad = c.badRows ?? 0;
  const summary =
    imported > 0
      ? [
          `${imported} companies imported from ${file}`,
          `${duplicates} duplicates left out`,
          `${bad} bad rows skipped`,
          ...(resumed ? ['continued after an interruption'] : []),
        ].join(' · ')
      : `Nothing new in ${file}: ${duplicates} already known, ${bad} bad rows`;
  await deps.tx(async () => {
    await deps.imports.dropFile(run.id);
    if (imported > 0) await run.awaitApproval(summary);
    else await run.complete(summary);
  });
  const issues = await deps.imports.issues(run.id);
  return {
    runId: run.id,
    summary,
    imported,
    tiers: { high: c.high ?? 0, medium: c.medium ?? 0, low: c.low ?? 0 },
    leads: imported > 0 ? await deps.companies.listLeads({ runId: run.id, limit: TOP_LEADS }) : [],
    duplicates: issues.flatMap((i) =>
      i.kind === 'duplicate'
        ? [{ line: i.line, name: i.name, ...(i.existingId ? { existingId: i.existingId } : {}) }]
        : [],
    ),
    badRows: issues.flatMap((i) =>
      i.kind === 'bad' ? [{ line: i.line, problem: i.problem, accepted: i.accepted }] : [],
    ),
  };
}

/** The kept file from byte `from` to its end, a stored piece at a time. */
async function* storedPieces(imports: ImportRepo, runId: string, chunkBytes: number, from: number, total: number) {
  const first = Math.floor(from / chunkBytes);
  for (let seq = first; seq * chunkBytes < total; seq++) {
    const data = await imports.chunk(runId, seq);
    if (!data)
      throw new AppError(
        'conflict',
        `The file kept for import ${runId} is incomplete (piece ${seq} is missing); import it again`,
      );
    yield seq === first ? data.subarray(from - seq * chunkBytes) : data;
  }
}
