/**
 * Simulated worlds for the learning bench. Each world has industries × angles with hidden reply rates: an industry
 * base rate (log-uniform 3–7%) × an angle's general quality (log-scale ~ N(0, angleSd), shared by every industry) ×
 * an industry-specific twist per cell (log-scale ~ N(0, cellSd)), clipped to 1–12%. Sends arrive in order, each to
 * an industry drawn from the regime's traffic; a send gets a reply when its die is under the cell's hidden rate.
 * Every policy sees the same industries and dice (common random numbers).
 */
import type { AngleStat } from '../src/pipeline/learning/choose-angle.js';
import { createSeededRandom, type RandomSource, sampleNormal } from '../src/pipeline/learning/random.js';

export const ANGLES = [
  'cost_savings',
  'audit_offer',
  'risk_reduction',
  'multi_site_savings',
  'deregulation_opportunity',
];

export interface WorldShape {
  name: string;
  /** Spread of the angles' general quality (log scale). */
  angleSd: number;
  /** Spread of each industry × angle cell around it (log scale). */
  cellSd: number;
}

export interface Regime {
  name: string;
  industries: number;
  sends: number;
  /** Even: every industry equally often. Skewed: industry k gets traffic ∝ 1/(k+1). */
  traffic: 'even' | 'skewed';
  /** Sends per cell already in the table when the run starts (spread evenly, as a team trying every angle would). */
  history?: number;
}

export interface World {
  regime: Regime;
  rates: number[][];
  industryOf: number[];
  dice: number[];
  /** Replies per cell in the starting history. */
  historyReplies: number[][];
}

/** Picks an angle index for a send to `industry`, seeing the table so far. */
export type Policy = (stats: AngleStat[], industry: number, random: RandomSource) => number;

export const industryName = (i: number) => `industry-${i}`;

export function makeWorld(seed: number, shape: WorldShape, regime: Regime): World {
  const rng = createSeededRandom(seed * 7919 + 17);
  const angleEffect = ANGLES.map(() => shape.angleSd * sampleNormal(rng));
  const rates = Array.from({ length: regime.industries }, () => {
    const base = Math.exp(Math.log(0.03) + rng() * (Math.log(0.07) - Math.log(0.03)));
    return angleEffect.map((e) =>
      Math.min(0.12, Math.max(0.01, base * Math.exp(e + shape.cellSd * sampleNormal(rng)))),
    );
  });
  const weights = rates.map((_, k) => (regime.traffic === 'even' ? 1 : 1 / (k + 1)));
  const total = weights.reduce((a, b) => a + b, 0);
  const pick = (u: number) => {
    let acc = 0;
    for (let k = 0; k < weights.length; k++) {
      acc += weights[k]! / total;
      if (u < acc) return k;
    }
    return weights.length - 1;
  };
  const industryOf = Array.from({ length: regime.sends }, () => pick(rng()));
  const dice = Array.from({ length: regime.sends }, () => rng());
  const historyReplies = rates.map((row) =>
    row.map((rate) => {
      let replies = 0;
      for (let k = 0; k < (regime.history ?? 0); k++) if (rng() < rate) replies += 1;
      return replies;
    }),
  );
  return { regime, rates, industryOf, dice, historyReplies };
}

/**
 * Replies a policy gets in `world`, counted as expected replies (Σ of the hidden rate of each cell it chose), which
 * takes the dice's luck out of the score; the table it learns from still records the dice's replies. Its random
 * source is seeded by `seed` alone.
 */
export function simulate(world: World, policy: Policy, seed: number): number {
  const random = createSeededRandom(seed * 104729 + 3);
  const stats: AngleStat[] = [];
  const cells: AngleStat[][] = [];
  for (let i = 0; i < world.regime.industries; i++)
    cells.push(
      ANGLES.map((angle) => {
        const row = {
          industry: industryName(i),
          angle,
          sent: world.regime.history ?? 0,
          replies: world.historyReplies[i]![ANGLES.indexOf(angle)]!,
        };
        stats.push(row);
        return row;
      }),
    );
  let replies = 0;
  for (let t = 0; t < world.regime.sends; t++) {
    const industry = world.industryOf[t]!;
    const a = policy(stats, industry, random);
    const row = cells[industry]![a]!;
    row.sent += 1;
    replies += world.rates[industry]![a]!;
    if (world.dice[t]! < world.rates[industry]![a]!) row.replies += 1;
  }
  return replies;
}
