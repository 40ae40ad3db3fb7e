import { CsvError, parse } from 'csv-parse/sync';

/** One CSV record and the line it starts on (1-based, counting physical lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A line that could not be read: what is wrong and what would be accepted. */
export interface CsvProblem {
  line: number;
  problem: string;
  accepted: string;
  /** The 0-based field the problem is in, when known. */
  field?: number;
}

/**
 * A record or an unreadable line, in file order, with where reading continues after it: `end` is the byte offset
 * just past it (relative to the segment read) and `next` the line that starts there.
 */
export type CsvItem = { line: number; end: number; next: number } & (
  | { fields: string[]; problem?: undefined }
  | { problem: CsvProblem; fields?: undefined }
);

export interface CsvSegment {
  items: CsvItem[];
  /** Bytes decided: everything before this offset is read; the rest waits for more of the file. */
  consumed: number;
  /** Line breaks before `consumed`: the line reading continues on is `lines + 1`. */
  lines: number;
}

const QUOTING =
  'a field either without double quotes, or wholly inside them with any quote in it doubled ("Acme ""West"" Inc")';
const LINE_BREAK = /\r\n|\n|\r/g;
/** Strict quoting; any of the three line endings ends a record. */
const OPTIONS = { relax_quotes: false, relax_column_count: true, record_delimiter: ['\r\n', '\n', '\r'] };
/** A quoted field still open after this many bytes is not waited for: its line is reported as unclosed. */
const MAX_OPEN_RECORD_BYTES = 1 << 20;

/**
 * Reads CSV text with strict quoting (RFC 4180; csv-parse with `relax_quotes: false`). A record that breaks the
 * quoting rules is reported by the line it starts on and reading resumes at the next line, so a stray or unclosed
 * quote costs its own line and never merges or swallows the rows after it. Blank lines are skipped; `\n`, `\r\n`
 * and `\r` all end a record (a file may mix them).
 */
export function readCsvRecords(text: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const { items } = readCsvSegment(Buffer.from(text.replace(/^\uFEFF/, ''), 'utf8'), true);
  return {
    records: items.flatMap((i) => (i.fields ? [{ line: i.line, fields: i.fields }] : [])),
    problems: items.flatMap((i) => (i.problem ? [i.problem] : [])),
  };
}

/**
 * `readCsvRecords` for one piece of a file that starts at a line start, with line numbers from 1. Unless `final`,
 * reading stops before the last incomplete line, and before a record whose quoted field is still open at the end
 * of the piece (it may close in the next one; up to MAX_OPEN_RECORD_BYTES), so reading a file piece by piece gives
 * the same records and problems as reading it whole. csv-parse's own error recovery resumes mid-record, so the
 * resume point after a broken record is found here from the byte offset of the last good record.
 */
export function readCsvSegment(buf: Buffer, final: boolean): CsvSegment {
  const view = final ? buf : buf.subarray(0, lastLineEnd(buf));
  const lineStarts = lineStartOffsets(view);
  const lineAt = (offset: number) => upperBound(lineStarts, offset);
  const items: CsvItem[] = [];
  let from = 0;
  while (from < view.length) {
    let consumed = 0;
    try {
      parse(view.subarray(from), {
        ...OPTIONS,
        on_record: (fields: string[], context: { bytes: number }) => {
          const line = lineAt(from + consumed);
          consumed = context.bytes;
          const end = from + consumed;
          if (fields.length > 1 || fields[0] !== '') items.push({ line, fields, end, next: lineAt(end) });
          return null;
        },
      });
      from = view.length;
    } catch (err) {
      if (!(err instanceof CsvError)) throw err;
      const line = lineAt(from + consumed);
      const start = lineStarts[line - 1]!;
      if (!final && err.code === 'CSV_QUOTE_NOT_CLOSED' && view.length - start <= MAX_OPEN_RECORD_BYTES) {
        from = start;
        break;
      }
      const next = lineStarts[line] ?? view.length;
      // Describe the line on its own: a quote opened here may only have failed lines later.
      items.push({
        line,
        end: next,
        next: line + 1,
        problem: describe(errorOf(view.subarray(start, next)) ?? err, line),
      });
      from = next;
    }
  }
  return { items, consumed: from, lines: lineAt(from) - 1 };
}

/** The offset just past the last line break that surely ends a line (a final "\r" may be half of "\r\n"). */
function lastLineEnd(buf: Buffer): number {
  for (let i = buf.length - 1; i >= 0; i--) {
    if (buf[i] === 0x0a) return i + 1;
    if (buf[i] === 0x0d && i < buf.length - 1) return i + 1;
  }
  return 0;
}

function errorOf(line: Buffer): CsvError | undefined {
  try {
    parse(line, OPTIONS);
    return undefined;
  } catch (err) {
    return err instanceof CsvError ? err : undefined;
  }
}

function describe(err: CsvError, line: number): CsvProblem {
  const field = typeof err.index === 'number' ? err.index : undefined;
  switch (err.code) {
    case 'INVALID_OPENING_QUOTE':
      return {
        line,
        field,
        problem: 'has a double quote inside a field that does not start with one',
        accepted: QUOTING,
      };
    case 'CSV_INVALID_CLOSING_QUOTE':
      return { line, field, problem: 'has text after the closing quote of a quoted field', accepted: QUOTING };
    case 'CSV_QUOTE_NOT_CLOSED':
      return { line, field, problem: 'opens a quoted field that is not closed on this line', accepted: QUOTING };
    default:
      return {
        line,
        field,
        problem: `is not valid CSV (${err.message.replace(/ at line \d+.*$/s, '')})`,
        accepted: 'comma-separated fields, one record per line (RFC 4180)',
      };
  }
}

/** Byte offset where each physical line starts; line n (1-based) starts at index n - 1. */
function lineStartOffsets(buf: Buffer): number[] {
  const starts = [0];
  const text = buf.toString('latin1'); // one char per byte, so string indexes are byte offsets
  for (const m of text.matchAll(LINE_BREAK)) starts.push(m.index + m[0].length);
  return starts;
}

/** The number of entries ≤ `offset` in the ascending list: the 1-based line holding that byte. */
function upperBound(sorted: readonly number[], offset: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
