import { stripControlCharacters } from '../scout/control-characters.js';
import { type CsvOptions, csvColumns, emptyFileError, headerError } from '../scout/csv.js';
import type { CsvItem } from '../scout/csv-records.js';
import { loadIndustryTable } from '../scout/directive.js';
import { continueImport } from './continue-import.js';
import { readCsvItems } from './csv-stream.js';
import type { ImportDeps, ImportRepo, ImportRequest, ImportResult } from './ports.js';

const DEFAULT_CHUNK_BYTES = 1 << 20;

/**
 * Imports companies from a CSV as a tracked run, streaming: the header is checked first (nothing is written for a
 * file leadbot cannot read), the file is kept in the database until the import ends, and its rows are read, checked
 * (bad rows reported by line with what is accepted), deduplicated against the file and the database, scored and
 * stored a batch at a time, each batch in one transaction with the run's checkpoint. No vendor is called per row;
 * enrichment happens per approved lead. A restart finishes the import from its checkpoint (`continueImport`).
 * @throws AppError('invalid_input') for an empty file or a header without a usable name or industry column.
 */
export async function importCompanies(request: ImportRequest, deps: ImportDeps): Promise<ImportResult> {
  const options: CsvOptions = {
    fileName: request.fileName,
    industries: loadIndustryTable(deps.directives),
    defaultIndustry: request.industry?.trim() || undefined,
  };
  const source = piecesOf(request.csv)[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  const first = await firstItem(source, head);
  if (!first) throw emptyFileError(options);
  if (first.problem) throw headerError(options, first.problem);
  const header = first.fields.map(stripControlCharacters);
  csvColumns(header, options);
  const chunkBytes = deps.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const run = await deps.recorder.start({
    kind: 'import',
    trigger: request.trigger,
    requestedBy: request.requestedBy ?? null,
    input: { file: request.fileName, header, industry: options.defaultIndustry, chunkBytes },
    slackChannel: request.slackChannel ?? null,
    slackThreadTs: request.slackThreadTs ?? null,
  });
  request.onRunStarted?.(run.id);
  try {
    await run.stage('read');
    const fileBytes = await keepFile(deps.imports, run.id, chunkBytes, head, source);
    await run.checkpoint({ fileBytes, offset: first.end, line: first.next });
  } catch (err) {
    await run.fail(err);
    throw err;
  }
  return continueImport(run, deps);
}

async function* piecesOf(csv: string | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (typeof csv === 'string') yield Buffer.from(csv, 'utf8');
  else yield* csv;
}

/** The file's first record or unreadable line; every piece read for it is added to `head`. */
async function firstItem(source: AsyncIterator<Uint8Array>, head: Uint8Array[]): Promise<CsvItem | undefined> {
  const teed: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => ({
      async next() {
        const r = await source.next();
        if (!r.done) head.push(r.value);
        return r;
      },
    }),
  };
  const read = await readCsvItems(teed, { offset: 0, line: 1 }, 1).next();
  return read.done ? undefined : read.value[0];
}

/** Stores the whole file (what was read already, then the rest) in pieces of `chunkBytes`; returns its size. */
async function keepFile(
  imports: ImportRepo,
  runId: string,
  chunkBytes: number,
  head: Uint8Array[],
  rest: AsyncIterator<Uint8Array>,
): Promise<number> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let seq = 0;
  let total = 0;
  const flush = async (all: boolean) => {
    let buf = Buffer.concat(pending);
    while (buf.length >= chunkBytes || (all && buf.length > 0)) {
      await imports.putChunk(runId, seq++, buf.subarray(0, chunkBytes));
      buf = buf.subarray(Math.min(chunkBytes, buf.length));
    }
    pending = [buf];
    pendingBytes = buf.length;
  };
  const add = async (piece: Uint8Array) => {
    pending.push(Buffer.from(piece));
    pendingBytes += piece.length;
    total += piece.length;
    if (pendingBytes >= chunkBytes) await flush(false);
  };
  for (const piece of head) await add(piece);
  for (let r = await rest.next(); !r.done; r = await rest.next()) await add(r.value);
  await flush(true);
  return total;
}
