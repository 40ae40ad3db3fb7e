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

const QUOTING =
  'a field either without double quotes, or wholly inside them with any quote in it doubled ("Acme ""West"" Inc")';
const LINE_BREAK = /\r\n|\n|\r/g;
/** Strict quoting; any of the three line endings ends a record. */
const OPTIONS = { relax_quotes: false, relax_column_count: true, record_delimiter: ['\r\n', '\n', '\r'] };

/**
 * Reads CSV text with strict quoting (RFC 4180; csv-parse with `relax_quotes: false`). A record that breaks the
 * quoting rules is reported by the line it starts on and reading resumes at the next line, so a stray or unclosed
 * quote costs its own line and never merges or swallows the rows after it. Blank lines are skipped; `\n`, `\r\n`
 * and `\r` all end a record (a file may mix them). csv-parse's own error recovery resumes mid-record, so the resume
 * point is found here from the byte offset of the last good record.
 */
export function readCsvRecords(text: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const buf = Buffer.from(text.replace(/^\uFEFF/, ''), 'utf8');
  const lineStarts = lineStartOffsets(buf);
  const lineAt = (offset: number) => upperBound(lineStarts, offset);
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let from = 0;
  while (from < buf.length) {
    let consumed = 0;
    try {
      parse(buf.subarray(from), {
        ...OPTIONS,
        on_record: (fields: string[], context: { bytes: number }) => {
          const line = lineAt(from + consumed);
          consumed = context.bytes;
          if (fields.length > 1 || fields[0] !== '') records.push({ line, fields });
          return null;
        },
      });
      break;
    } catch (err) {
      if (!(err instanceof CsvError)) throw err;
      const line = lineAt(from + consumed);
      const next = lineStarts[line] ?? buf.length;
      // Describe the line on its own: a quote opened here may only have failed lines later.
      problems.push(describe(errorOf(buf.subarray(lineStarts[line - 1]!, next)) ?? err, line));
      from = next;
    }
  }
  return { records, problems };
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
