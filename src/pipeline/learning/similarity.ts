import { type AngleTable, type EffectElsewhere, effectElsewhere } from './angle-table.js';
import { positivePartMean } from './positive-part.js';

/**
 * How alike industries are, estimated from the table (empirical Bayes, method of moments). A cell's reply rate is
 * its industry's base × its angle's effect × an industry-specific factor with mean 1 and relative spread σ. σ near
 * 0: industries agree on angles, so the other industries' evidence counts as many sends; σ large: each industry has
 * its own favourite and its own data decides.
 *
 * The estimate compares, within each industry, how its replies split over angles with the split the other
 * industries' angle effects predict. Conditioning on the industry's own total takes its base rate out exactly, so
 * an industry that sends mostly one angle cannot hide a disagreement by fitting its base to that cell. The squared
 * deviations (weighted 1/(2μ + 1), so one reply in a near-empty cell cannot dominate) exceed their no-disagreement
 * expectation by an amount proportional to σ²; solving gives an unbiased estimate of σ² and its standard error.
 * The spread used is E[σ²] under a flat prior on σ² ≥ 0: the estimate when data are plentiful, and no smaller than
 * the data can rule out when they are thin, so a table too small to tell never pretends industries are identical.
 */
export interface Similarity {
  /** σ: how much an angle's effect typically differs between industries, relative (0.15 = ±15%). */
  spread: number;
  /** The unclipped estimate of σ² (may be negative: splits more even than chance) and its standard error. */
  spreadSq: number;
  spreadSqError: number;
  /** Industries with replies on two or more angles: the ones the estimate comes from. */
  industries: number;
}

/** Relative variance of a cell's rate around what the other industries predict for it, at spread σ. */
export function relativeVariance(elsewhere: EffectElsewhere, spread: number): number {
  return spread * spread * (1 + elsewhere.unevenness) + elsewhere.noise;
}

/** σ from the table (see {@link Similarity}). Pure. */
export function estimateSimilarity(t: AngleTable): Similarity {
  const A = t.angles.length;
  let excess = 0; // Σ w ((y − μ)² − its expectation at σ = 0)
  let slope = 0; // its derivative in σ²
  let noise = 0; // its variance at σ = 0
  let industries = 0;
  const share = new Float64Array(A);
  const perSpread = new Float64Array(A); // relative variance per unit σ²
  const fixed = new Float64Array(A); // relative variance at σ = 0
  for (let i = 0; i < t.industries.length; i++) {
    const replies = t.industryReplies[i]!;
    let exposure = 0;
    let angles = 0;
    for (let a = 0; a < A; a++) {
      const n = t.sent[i * A + a]!;
      if (n === 0) {
        share[a] = 0;
        continue;
      }
      const elsewhere = effectElsewhere(t, i, a);
      share[a] = n * elsewhere.effect;
      perSpread[a] = 1 + elsewhere.unevenness;
      fixed[a] = elsewhere.noise;
      exposure += share[a]!;
      angles += 1;
    }
    if (replies < 2 || angles < 2) continue;
    industries += 1;
    let sumSqPerSpread = 0;
    let sumSqFixed = 0;
    for (let a = 0; a < A; a++) {
      share[a]! /= exposure;
      sumSqPerSpread += share[a]! * share[a]! * perSpread[a]!;
      sumSqFixed += share[a]! * share[a]! * fixed[a]!;
    }
    for (let a = 0; a < A; a++) {
      const p = share[a]!;
      if (p === 0) continue;
      const mean = replies * p;
      const y = t.replies[i * A + a]!;
      // Var of the share under the random factors (delta method for normalised factors), per σ² and at σ = 0.
      const q = 1 - p;
      const shareVarPerUnit = p * p * (q * q * perSpread[a]! + sumSqPerSpread - p * p * perSpread[a]!);
      const shareVarFixed = p * p * (q * q * fixed[a]! + sumSqFixed - p * p * fixed[a]!);
      const atZero = mean * q + replies * (replies - 1) * shareVarFixed;
      // Weight 1/(2μ + 1): Pearson's 1/μ for large counts, without letting one reply in a near-empty cell dominate.
      const weight = 1 / (2 * mean + 1);
      excess += weight * ((y - mean) ** 2 - atZero);
      slope += weight * replies * (replies - 1) * shareVarPerUnit;
      noise += weight * weight * (2 * atZero * atZero + atZero);
    }
  }
  // One industry cannot tell its own taste from the angles' quality.
  const known = industries >= 2 && slope > 0;
  const spreadSq = known ? excess / slope : 0;
  const spreadSqError = known ? Math.sqrt(noise) / slope : Number.POSITIVE_INFINITY;
  return {
    spread: Math.min(MAX_SPREAD, Math.sqrt(positivePartMean(spreadSq, spreadSqError))),
    spreadSq,
    spreadSqError,
    industries,
  };
}

/** An angle's effect differing by more than this (×2.7 either way) between industries is beyond what the data can mean. */
const MAX_SPREAD = 1;
