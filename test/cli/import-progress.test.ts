import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/context.js';
import { createImportProgress } from '../../src/cli/import-progress.js';
import type { RunRecord } from '../../src/pipeline/runs/ports.js';

const run = (patch: Partial<RunRecord>): RunRecord => ({
  id: 'run_1',
  kind: 'import',
  trigger: 'cli',
  requestedBy: null,
  status: 'running',
  currentStage: 'import',
  counters: {},
  input: {},
  checkpoint: {},
  summary: null,
  error: null,
  attempts: 0,
  parentRunId: null,
  slackChannel: null,
  slackThreadTs: null,
  slackStatusTs: null,
  startedAt: new Date(0),
  updatedAt: new Date(0),
  finishedAt: null,
  ...patch,
});

function terminal(tty: boolean) {
  const written: string[] = [];
  let clock = 10_000;
  const io: CliIo = { stdout: () => {}, stderr: (t) => written.push(t), stderrIsTTY: tty, env: {}, cwd: '/' };
  const progress = createImportProgress(io, 'big\u001b[2J.csv', () => clock);
  return { progress, written, tick: (ms: number) => (clock += ms) };
}

const halfway = run({
  checkpoint: { offset: 500, fileBytes: 1000 },
  counters: { rowsRead: 4200, companiesImported: 4100, duplicates: 60, badRows: 40 },
});

describe('import progress in the terminal', () => {
  it('rewrites one line on a terminal, follows only its own run, and never prints the file name raw', () => {
    const { progress, written, tick } = terminal(true);
    progress.update(halfway);
    expect(written).toEqual([]);
    progress.follow('run_1');
    progress.update(run({ id: 'run_2' }));
    progress.update(halfway);
    progress.update(halfway);
    tick(250);
    progress.update(run({ ...halfway, checkpoint: { offset: 1000, fileBytes: 1000 } }));
    progress.end();
    expect(written).toHaveLength(3);
    expect(written[0]).toBe(
      '\r\u001b[KImporting big\\x1b[2J.csv: 50% · 4,200 rows read · 4,100 imported · 60 duplicates · 40 bad rows',
    );
    expect(written[1]).toMatch(/: 100% · /);
    expect(written[2]).toBe('\n');
  });

  it('prints a line now and then when stderr is not a terminal, and nothing once the run has ended', () => {
    const { progress, written, tick } = terminal(false);
    progress.follow('run_1');
    progress.update(halfway);
    tick(500);
    progress.update(halfway);
    tick(2000);
    progress.update(run({ ...halfway, status: 'awaiting_approval' }));
    progress.update(halfway);
    progress.end();
    expect(written.map((w) => w.slice(0, 23))).toEqual(['Importing big\\x1b[2J.cs', 'Importing big\\x1b[2J.cs']);
    expect(written.every((w) => w.endsWith('\n') && !w.includes('\u001b'))).toBe(true);
  });
});
