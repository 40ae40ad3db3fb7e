/** Runs the policies over a grid of worlds and regimes, many seeds each, and summarises per-seed ratios. */
import { adaptive, fixedPrior, oracle, seedRule } from './learning-policies.js';
import { makeWorld, type Policy, type Regime, simulate, type World, type WorldShape } from './learning-world.js';
import { median, percentile } from './stats.js';

export const POLICIES: Record<string, (world: World) => Policy> = {
  seedRule: () => seedRule,
  chooseAngle: () => adaptive,
  previous: () => fixedPrior(),
  oracle,
};

export interface GridCell {
  regime: string;
  world: string;
  angleSd: number;
  cellSd: number;
  /** Angles share quality across industries (cell spread at most 60% of the angles' spread): +8% is the goal. */
  shared: boolean;
  seeds: number;
  /** Per policy, the median over seeds of (its replies / the seed rule's replies − 1). */
  medianGain: Record<string, number>;
  /** chooseAngle's 25th-percentile per-seed gain. */
  p25Gain: number;
  /** Per policy, the gain on replies summed over every seed. */
  pooledGain: Record<string, number>;
  /** Seeds where chooseAngle got at least the seed rule's replies (within 1%). */
  notWorse: number;
  /** Expected replies summed over seeds, per policy. */
  replies: Record<string, number>;
}

export function runGrid(seeds: number, regimes: readonly Regime[], worlds: readonly WorldShape[]): GridCell[] {
  const out: GridCell[] = [];
  const names = Object.keys(POLICIES);
  for (const regime of regimes)
    for (const shape of worlds) {
      const gains: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
      const replies: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
      let notWorse = 0;
      for (let seed = 1; seed <= seeds; seed++) {
        const world = makeWorld(seed, shape, regime);
        const got = Object.fromEntries(names.map((n) => [n, simulate(world, POLICIES[n]!(world), seed)]));
        for (const n of names) {
          replies[n]! += got[n]!;
          gains[n]!.push(got[n]! / got.seedRule! - 1);
        }
        if (got.chooseAngle! >= 0.99 * got.seedRule!) notWorse += 1;
      }
      out.push({
        regime: regime.name,
        world: shape.name,
        angleSd: shape.angleSd,
        cellSd: shape.cellSd,
        shared: shape.angleSd > 0 && shape.cellSd <= 0.6 * shape.angleSd,
        seeds,
        medianGain: Object.fromEntries(names.map((n) => [n, median(gains[n]!)])),
        p25Gain: percentile(gains.chooseAngle!, 25),
        pooledGain: Object.fromEntries(names.map((n) => [n, replies[n]! / replies.seedRule! - 1])),
        notWorse,
        replies,
      });
    }
  return out;
}
