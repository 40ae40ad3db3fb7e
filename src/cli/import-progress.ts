import type { RunRecord } from '../pipeline/runs/ports.js';
import type { CliIo } from './context.js';
import { terminalText } from './terminal-text.js';

const TTY_INTERVAL_MS = 200;
const LINE_INTERVAL_MS = 2000;

const n = (value: number | undefined) => (value ?? 0).toLocaleString('en-US');

/** "Importing big.csv: 42% · 42,000 rows read · 41,800 imported · 150 duplicates · 50 bad rows". */
function importProgressLine(file: string, run: RunRecord): string {
  const { offset, fileBytes } = run.checkpoint as { offset?: number; fileBytes?: number };
  const pct = fileBytes && offset !== undefined ? Math.floor((100 * offset) / fileBytes) : 0;
  const c = run.counters;
  return `Importing ${terminalText(file)}: ${pct}% · ${n(c.rowsRead)} rows read · ${n(c.companiesImported)} imported · ${n(c.duplicates)} duplicates · ${n(c.badRows)} bad rows`;
}

/**
 * Import progress on stderr (stdout keeps the result, and --json stays clean): on a terminal one line rewritten a
 * few times a second, otherwise a line every two seconds. Feed it the run's updates; `end()` closes the line.
 */
export function createImportProgress(io: CliIo, file: string, now: () => number = Date.now) {
  let runId: string | undefined;
  let last = 0;
  let shown = false;
  const tty = io.stderrIsTTY === true;
  return {
    follow(id: string) {
      runId = id;
    },
    update(run: RunRecord) {
      if (run.id !== runId || run.status !== 'running' || run.currentStage !== 'import') return;
      if (now() - last < (tty ? TTY_INTERVAL_MS : LINE_INTERVAL_MS)) return;
      last = now();
      shown = true;
      // Only our own escape sequence (clear the line) reaches the terminal; the file name is escaped.
      io.stderr(tty ? `\r\u001b[K${importProgressLine(file, run)}` : `${importProgressLine(file, run)}\n`);
    },
    end() {
      if (tty && shown) io.stderr('\n');
    },
  };
}
