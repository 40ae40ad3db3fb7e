/**
 * Streaming CSV import: 100,000 rows read, checked, deduplicated, scored and stored (companies, features, scores,
 * the per-row report) on a real SQLite file (WAL, synchronous=FULL, as leadbot runs), from a file stream, without
 * any vendor or model call. Prints rows per second (median of the rounds) and writes bench/results/import.json.
 */
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openMigratedDatabase } from '../src/db/client.js';
import { createCompanyRepo } from '../src/db/repos/company-repo.js';
import { createImportRepo } from '../src/db/repos/import-repo.js';
import { createRunRepo } from '../src/db/repos/run-repo.js';
import { createDirectiveStore } from '../src/pipeline/directives/store.js';
import { importCompanies } from '../src/pipeline/import/import-companies.js';
import { createRunRecorder } from '../src/pipeline/runs/recorder.js';
import type { BenchResult } from './run.js';
import { median } from './stats.js';

const ROWS = Number(process.env.IMPORT_BENCH_ROWS ?? 100_000);
const ROUNDS = Number(process.env.IMPORT_BENCH_ROUNDS ?? 3);

const INDUSTRIES = ['healthcare', 'dentists', 'hotels', 'cold storage', 'law firms', 'breweries', 'gyms', 'schools'];
const PLACES = [
  ['Buffalo', 'NY'],
  ['Rochester', 'NY'],
  ['Austin', 'TX'],
  ['Denver', 'CO'],
  ['Omaha', 'NE'],
  ['Boston', 'MA'],
  ['Louisville', 'KY'],
  ['Phoenix', 'AZ'],
  ['Tampa', 'FL'],
  ['Portland', 'OR'],
] as const;
const FIRST = ['Harbor', 'Lakeview', 'Summit', 'Cedar', 'Maple', 'River', 'Granite', 'Sunrise', 'Beacon', 'Willow'];
const SECOND = ['Ridge', 'Point', 'Valley', 'Park', 'Creek', 'Hill', 'Bay', 'Grove', 'Field', 'Crossing'];
const KIND = ['Group', 'Partners', 'Center', 'Associates', 'Works', 'Co', 'Studio', 'Clinic', 'House', 'Collective'];

/** A seeded generator (mulberry32), so every round reads the same file. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ (t + t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A realistic purchased list: some cells empty, ~1% rows repeated, ~0.5% broken (bad state, stray quote). */
function writeCsv(path: string): void {
  const r = random(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  const lines = ['Company Name,Industry,City,State,Website,Employees,Sites,Sq Ft'];
  for (let i = 0; i < ROWS; i++) {
    if (i > 100 && r() < 0.01) {
      lines.push(lines[1 + Math.floor(r() * (lines.length - 1))]!);
      continue;
    }
    const [city, state] = pick(PLACES);
    const name = `${pick(FIRST)} ${pick(SECOND)} ${pick(KIND)} ${i}`;
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const broken = r() < 0.005;
    lines.push(
      [
        broken && r() < 0.5 ? `"${name}` : name,
        pick(INDUSTRIES),
        city,
        broken ? 'ZZ' : state,
        r() < 0.8 ? `https://${slug}.example` : '',
        r() < 0.7 ? String(5 + Math.floor(r() * 500)) : '',
        r() < 0.6 ? String(1 + Math.floor(r() * 6)) : '',
        r() < 0.5 ? `"${(2000 + Math.floor(r() * 80_000)).toLocaleString('en-US')}"` : '',
      ].join(','),
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'leadbot-bench-import-'));
  const file = join(dir, 'companies.csv');
  writeCsv(file);
  const bytes = statSync(file).size;
  const directives = createDirectiveStore(resolve('directives'));
  const rounds: { seconds: number; rowsPerSecond: number; imported: number; duplicates: number; bad: number }[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const db = openMigratedDatabase(join(dir, `import-${round}.db`));
      try {
        const now = () => new Date();
        const deps = {
          imports: createImportRepo(db.db),
          companies: createCompanyRepo(db.db),
          recorder: createRunRecorder({ runs: createRunRepo(db.db), now }),
          directives,
          tx: <T>(fn: () => Promise<T>) => db.session.transaction(fn),
          now,
        };
        const started = performance.now();
        const result = await importCompanies(
          { csv: createReadStream(file), fileName: 'companies.csv', trigger: 'cli' },
          deps,
        );
        const seconds = (performance.now() - started) / 1000;
        const scored = db.sqlite.prepare('select count(*) as n from lead_scores').get() as { n: number };
        if (scored.n !== result.imported) throw new Error(`${result.imported} imported but ${scored.n} scored`);
        rounds.push({
          seconds,
          rowsPerSecond: ROWS / seconds,
          imported: result.imported,
          duplicates: result.duplicates.length,
          bad: result.badRows.length,
        });
      } finally {
        db.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const rate = median(rounds.map((r) => r.rowsPerSecond));
  const seconds = median(rounds.map((r) => r.seconds));
  const last = rounds.at(-1)!;
  return {
    lines: [
      `import ${ROWS.toLocaleString('en-US')} rows (${(bytes / 1e6).toFixed(1)} MB) from a file stream into SQLite: median ${Math.round(rate).toLocaleString('en-US')} rows/s, ${seconds.toFixed(1)} s (${ROUNDS} rounds: ${rounds.map((r) => `${r.seconds.toFixed(1)} s`).join(', ')})`,
      `each round: ${last.imported.toLocaleString('en-US')} stored and scored, ${last.duplicates} duplicates and ${last.bad} bad rows reported by line, 0 vendor or model calls`,
    ],
    data: { rows: ROWS, bytes, rowsPerSecondMedian: rate, secondsMedian: seconds, rounds },
  };
}
