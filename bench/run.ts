/**
 * Runs every benchmark in bench/ (files named *.bench.ts, each exporting `run()`), prints its figures and
 * writes them to bench/results/<name>.json. `npm run bench -- <name>` runs only the named ones.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchResult {
  /** One line per figure, for the terminal. */
  lines: string[];
  /** Everything measured, for bench/results/<name>.json. */
  data: Record<string, unknown>;
}

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

if (files.length === 0) console.log('no benchmarks matched');
mkdirSync(join(dir, 'results'), { recursive: true });
for (const file of files) {
  const name = basename(file, '.bench.ts');
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { run: () => Promise<BenchResult> };
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const result = await mod.run();
  for (const line of result.lines) console.log(`  ${line}`);
  const record = { name, ranAt: new Date().toISOString(), node: process.version, ...result.data };
  writeFileSync(join(dir, 'results', `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
  console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s, written to bench/results/${name}.json)`);
}
