import { type CsvItem, readCsvSegment } from '../scout/csv-records.js';

/** Where reading a file stands: the byte offset of a line start, and that line's number (1-based). */
export interface CsvPosition {
  offset: number;
  line: number;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Reads a CSV file given as pieces of any size (a file stream, stored chunks), from `start`, and yields its records
 * and unreadable lines in order, in groups of at most `size`, with positions from the start of the file: reading
 * from any item's `end`/`next` continues exactly after it. The same strict rules as `readCsvRecords`, whatever the
 * pieces (a record may span several). A byte-order mark at the start of the file is skipped.
 */
export async function* readCsvItems(
  pieces: AsyncIterable<Uint8Array>,
  start: CsvPosition,
  size: number,
): AsyncGenerator<CsvItem[]> {
  let pending: Buffer = Buffer.alloc(0);
  let base = { ...start };
  let batch: CsvItem[] = [];
  const take = function* (final: boolean) {
    if (base.offset === 0 && pending.length >= BOM.length && pending.subarray(0, 3).equals(BOM)) {
      pending = pending.subarray(3);
      base.offset = 3;
    }
    const seg = readCsvSegment(pending, final);
    for (const item of seg.items) {
      const line = item.line + base.line - 1;
      const at = { line, next: item.next + base.line - 1, end: item.end + base.offset };
      batch.push(item.problem ? { ...at, problem: { ...item.problem, line } } : { ...at, fields: item.fields });
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
    base = { offset: base.offset + seg.consumed, line: base.line + seg.lines };
    pending = pending.subarray(seg.consumed);
  };
  for await (const piece of pieces) {
    pending = pending.length > 0 ? Buffer.concat([pending, piece]) : Buffer.from(piece);
    // A byte-order mark needs its three bytes before anything is read.
    if (base.offset === 0 && pending.length < BOM.length) continue;
    yield* take(false);
  }
  if (pending.length > 0) yield* take(true);
  if (batch.length > 0) yield batch;
}
