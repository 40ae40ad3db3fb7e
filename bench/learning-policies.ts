/**
 * The policies the learning bench compares: the seed's rule, chooseAngle, the previous chooseAngle (a pooled
 * Thompson sampler with a fixed prior strength, kept here for comparison) and an oracle that knows the hidden rates.
 */
import { type AngleStat, chooseAngle } from '../src/pipeline/learning/choose-angle.js';
import { sampleBeta } from '../src/pipeline/learning/random.js';
import { ANGLES, industryName, type Policy, type World } from './learning-world.js';

const SEED_RULE_MIN_SENDS = 5;

/** The seed's rule: random until an angle has 5 sends in the industry, then the best observed reply rate. */
export const seedRule: Policy = (stats, industry, random) => {
  const mine = stats.filter((s) => s.industry === industryName(industry) && s.sent >= SEED_RULE_MIN_SENDS);
  if (mine.length === 0) return Math.floor(random() * ANGLES.length);
  let best = mine[0]!;
  for (const s of mine) if (s.replies / s.sent > best.replies / best.sent) best = s;
  return ANGLES.indexOf(best.angle);
};

export const adaptive: Policy = (stats, industry, random) =>
  ANGLES.indexOf(chooseAngle(stats, { industry: industryName(industry), angles: ANGLES, random }).angle);

export const oracle =
  (world: World): Policy =>
  (_stats, industry) => {
    const rates = world.rates[industry]!;
    return rates.indexOf(Math.max(...rates));
  };

/**
 * The previous chooseAngle: each angle's prior is centred on its reply rate in the other industries and weighs up
 * to a fixed `strength` sends (200, tuned on the main world).
 */
export const fixedPrior =
  (strength = 200, minSends = 5): Policy =>
  (stats, industry, random) => {
    const name = industryName(industry);
    const others = stats.filter((r) => r.industry !== name);
    const overall = (total(others, 'replies') + 1) / (total(others, 'sent') + 20);
    let best = 0;
    let bestDraw = -1;
    ANGLES.forEach((angle, a) => {
      const cell = stats.filter((r) => r.industry === name && r.angle === angle);
      const pooled = others.filter((r) => r.angle === angle);
      const pooledSent = total(pooled, 'sent');
      const pooledRate = (total(pooled, 'replies') + 20 * overall) / (pooledSent + 20);
      const weight = Math.max(minSends, 1 / (1 / (pooledSent + 20) + 1 / (strength + 1)) - 1);
      const sent = total(cell, 'sent');
      const replies = total(cell, 'replies');
      const draw = sampleBeta(weight * pooledRate + replies, weight * (1 - pooledRate) + sent - replies, random);
      if (draw > bestDraw) {
        bestDraw = draw;
        best = a;
      }
    });
    return best;
  };

function total(rows: readonly AngleStat[], key: 'sent' | 'replies'): number {
  let sum = 0;
  for (const r of rows) sum += r[key];
  return sum;
}
