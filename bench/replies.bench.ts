/**
 * Inbound classification, per named set, each read by the rules and the no-model fallback:
 * - corpus: the inbound corpus (test/fixtures/inbound: delivery reports, complaints, aggregate reports, auto-replies,
 *   human replies, each with its expected outcome) and the older reply corpus (test/fixtures/replies);
 * - fresh: test/fixtures/inbound-fresh, formats and phrasings written apart from the corpus the rules were tuned on,
 *   a check of how the rules carry over to mail systems they were not written against.
 * Prints accuracy per kind, hard/soft, the failed recipient, the matched original, and every miss.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Expectation, type Judgement, judge, loadCorpus } from '../test/helpers/inbound-corpus.js';
import type { BenchResult } from './run.js';

const pct = (ok: number, n: number) => (n === 0 ? '—' : `${((100 * ok) / n).toFixed(1)}% (${ok}/${n})`);

/** A fixture folder beside the inbound corpus, keyed as `judge` expects (paths relative to the inbound corpus). */
function siblingSet(name: string): Record<string, Expectation> {
  return JSON.parse(readFileSync(join('test/fixtures', name, 'expected.json'), 'utf8')) as Record<string, Expectation>;
}

function olderCorpus(): Record<string, Expectation> {
  const raw = siblingSet('replies') as unknown as Record<
    string,
    { classification: string; returnDate?: string | null }
  >;
  return Object.fromEntries(
    Object.entries(raw).map(([file, e]) => [
      join('..', 'replies', file),
      { kind: e.classification, returnDate: e.returnDate },
    ]),
  );
}

async function judgeAll(set: Record<string, Expectation>, prefix = '', now?: Date): Promise<Judgement[]> {
  const results: Judgement[] = [];
  for (const [file, expected] of Object.entries(set)) results.push(await judge(join(prefix, file), expected, now));
  return results;
}

const fullyRight = (r: Judgement) => r.kindOk && r.hardOk && r.recipientOk && r.originalOk && r.returnDateOk;

/** The figures for one set: accuracy per kind (with what misses were read as), the detail rates and every miss. */
function summarize(name: string, results: Judgement[]): BenchResult {
  const lines: string[] = [`[${name}] ${results.length} messages, rules + no-model fallback`];
  const byKind: Record<string, { n: number; correct: number; misreadAs: Record<string, number> }> = {};
  for (const r of results) {
    const row = byKind[r.expected.kind] ?? { n: 0, correct: 0, misreadAs: {} };
    byKind[r.expected.kind] = row;
    row.n++;
    if (r.kindOk) row.correct++;
    else row.misreadAs[r.kind] = (row.misreadAs[r.kind] ?? 0) + 1;
  }
  for (const [kind, row] of Object.entries(byKind).sort((a, b) => b[1].n - a[1].n)) {
    const misses = Object.entries(row.misreadAs).map(([k, n]) => `${n}× ${k}`);
    lines.push(
      `${kind.padEnd(14)} ${pct(row.correct, row.n)}${misses.length ? `  misread as ${misses.join(', ')}` : ''}`,
    );
  }
  const count = (rows: Judgement[], ok: (r: Judgement) => boolean) => [rows.filter(ok).length, rows.length] as const;
  const hard = count(
    results.filter((r) => r.expected.hard !== undefined),
    (r) => r.hardOk,
  );
  const recipient = count(
    results.filter((r) => r.expected.recipient),
    (r) => r.recipientOk,
  );
  const original = count(
    results.filter((r) => r.expected.original),
    (r) => r.originalOk,
  );
  const returnDate = count(
    results.filter((r) => r.expected.returnDate !== undefined),
    (r) => r.returnDateOk,
  );
  const all = count(results, fullyRight);
  const machineAsHuman = results.filter((r) => r.machineAsHuman);
  lines.push(`hard vs soft    ${pct(...hard)}`);
  lines.push(`recipient       ${pct(...recipient)}`);
  lines.push(`original match  ${pct(...original)}`);
  lines.push(`return date     ${pct(...returnDate)}`);
  lines.push(`fully right     ${pct(...all)}`);
  lines.push(`machine messages read as a person: ${machineAsHuman.length}`);
  const misses = results.filter((r) => !fullyRight(r));
  for (const m of misses)
    lines.push(
      `  miss ${m.file}: expected ${JSON.stringify(m.expected)}, got ${m.kind}${m.hard === undefined ? '' : m.hard ? ' hard' : ' soft'} ${m.recipient ?? ''}`,
    );
  return {
    lines,
    data: {
      messages: results.length,
      byKind,
      hardSoft: { correct: hard[0], n: hard[1] },
      recipient: { correct: recipient[0], n: recipient[1] },
      original: { correct: original[0], n: original[1] },
      returnDate: { correct: returnDate[0], n: returnDate[1] },
      fullyRight: { correct: all[0], n: all[1] },
      machineAsHuman: machineAsHuman.map((r) => r.file),
      misses: misses.map((m) => ({
        file: m.file,
        expected: m.expected,
        got: { kind: m.kind, hard: m.hard, recipient: m.recipient },
      })),
    },
  };
}

export async function run(): Promise<BenchResult> {
  // The older corpus was written for its own day.
  const corpus = [
    ...(await judgeAll(loadCorpus())),
    ...(await judgeAll(olderCorpus(), '', new Date('2026-11-25T16:00:00Z'))),
  ];
  const fresh = await judgeAll(siblingSet('inbound-fresh'), join('..', 'inbound-fresh'));
  const sets = [summarize('corpus', corpus), summarize('fresh', fresh)];
  return {
    lines: sets.flatMap((s) => [...s.lines, '']),
    data: { corpus: sets[0]?.data, fresh: sets[1]?.data },
  };
}
