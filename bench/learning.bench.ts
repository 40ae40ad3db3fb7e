/**
 * Learning simulation: does chooseAngle get more replies than the seed's rule (random until an angle has 5 sends in
 * the industry, then the best observed reply rate), in worlds from "industries alike" to "industries differ more
 * than angles do", including one where angles do not matter? Worlds and regimes are in learning-world.ts; every
 * world is run with many seeds and the figures are medians of per-seed ratios to the seed rule (replies counted as
 * expected replies, so the dice's luck does not blur the comparison). The previous chooseAngle (a fixed prior
 * strength of 200, tuned on the "main" world) is shown for comparison.
 */

import { type GridCell, runGrid } from './learning-grid.js';
import type { Regime, WorldShape } from './learning-world.js';
import type { BenchResult } from './run.js';

const SEEDS = 40;

const REGIMES: Regime[] = [
  { name: '20 industries, 3000 sends, empty table', industries: 20, sends: 3000, traffic: 'even' },
  { name: '5 industries, 5000 sends, empty table', industries: 5, sends: 5000, traffic: 'even' },
  {
    name: '20 industries, 3000 sends, 30 sends per cell already',
    industries: 20,
    sends: 3000,
    traffic: 'even',
    history: 30,
  },
];

/** From industries alike to industries differing more than angles do; two worlds where angles do not matter on average. */
const WORLDS: WorldShape[] = [
  { name: 'industries alike', angleSd: 0.25, cellSd: 0 },
  { name: 'nearly alike', angleSd: 0.25, cellSd: 0.08 },
  { name: 'main (tuned before)', angleSd: 0.25, cellSd: 0.15 },
  { name: 'differ as much', angleSd: 0.25, cellSd: 0.25 },
  { name: 'disagree', angleSd: 0.15, cellSd: 0.3 },
  { name: 'differ more', angleSd: 0.1, cellSd: 0.45 },
  { name: 'only local winners', angleSd: 0, cellSd: 0.3 },
  { name: 'angles do not matter', angleSd: 0, cellSd: 0 },
];

const signed = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

function verdict(c: GridCell): { goal: string; met: boolean } {
  const gain = c.medianGain.chooseAngle!;
  return c.shared ? { goal: '≥ +8%', met: gain >= 0.08 } : { goal: '≥ −1%', met: gain >= -0.01 };
}

function table(cells: GridCell[]): string[] {
  const head = `${'world'.padEnd(22)} angle sd  cell sd  chooseAngle (p25)    pooled   previous   oracle  goal    met`;
  return [
    head,
    ...cells.map((c) => {
      const v = verdict(c);
      return (
        `${c.world.padEnd(22)} ${c.angleSd.toFixed(2).padStart(8)} ${c.cellSd.toFixed(2).padStart(8)}  ` +
        `${signed(c.medianGain.chooseAngle!).padStart(11)} (${signed(c.p25Gain)})`.padEnd(22) +
        `${signed(c.pooledGain.chooseAngle!).padStart(8)} ${signed(c.medianGain.previous!).padStart(10)} ` +
        `${signed(c.medianGain.oracle!).padStart(8)}  ${v.goal.padEnd(6)}  ${v.met ? 'yes' : 'NO'}`
      );
    }),
  ];
}

export async function run(): Promise<BenchResult> {
  const cells = runGrid(SEEDS, REGIMES, WORLDS);
  const lines = [
    `${SEEDS} seeds per world, 5 angles, hidden rates 1–12%; figures are median per-seed gains over the seed rule`,
    '(pooled = gain on replies summed over seeds; previous = the fixed-prior sampler chooseAngle replaces)',
  ];
  for (const regime of REGIMES) {
    lines.push('', `${regime.name}:`, ...table(cells.filter((c) => c.regime === regime.name)).map((l) => `  ${l}`));
  }
  const missed = cells.filter((c) => !verdict(c).met);
  const shared = cells.filter((c) => c.shared).map((c) => c.medianGain.chooseAngle!);
  const others = cells.filter((c) => !c.shared).map((c) => c.medianGain.chooseAngle!);
  lines.push(
    '',
    `RESULT: where angles share quality, chooseAngle's median gain is ${signed(Math.min(...shared))} to ` +
      `${signed(Math.max(...shared))} (goal ≥ +8%); elsewhere ${signed(Math.min(...others))} to ` +
      `${signed(Math.max(...others))} (goal ≥ −1%); ${missed.length === 0 ? 'every goal met' : `missed in ${missed.length} of ${cells.length}: ${missed.map((c) => `${c.world} (${c.regime})`).join('; ')}`}`,
  );
  return { lines, data: { seeds: SEEDS, regimes: REGIMES, worlds: WORLDS, cells } };
}
