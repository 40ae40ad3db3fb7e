import { AppError } from '../../errors.js';
import { type AngleStat, buildAngleTable, type EffectElsewhere, effectElsewhere } from './angle-table.js';
import { describeChoice } from './explain.js';
import { type RandomSource, sampleBeta } from './random.js';
import { estimateSimilarity, relativeVariance } from './similarity.js';

export type { AngleStat } from './angle-table.js';

export interface ChooseAngleOptions {
  industry: string;
  /** The angles allowed for this company (already filtered by its facts). */
  angles: readonly string[];
  random: RandomSource;
  /** The least weight, in sends, the other industries' evidence gets in a cell (default 5). */
  minSends?: number;
}

export interface AngleEstimate {
  angle: string;
  /** Sends and replies of this angle in this industry. */
  sent: number;
  replies: number;
  /** Sends and replies of this angle in every other industry. */
  pooledSent: number;
  pooledReplies: number;
  /** The rate the other industries predict here: this industry's base rate × the angle's effect elsewhere. */
  pooledRate: number;
  /** How many sends that prediction is worth here, given how alike industries are. */
  priorWeight: number;
  /** The expected reply rate here: the prediction and this industry's own sends, weighed as above. */
  posteriorMean: number;
  /** The Thompson draw (of the uncertainty industries share) that the choice maximises. */
  sample: number;
}

export interface AngleChoice {
  angle: string;
  mode: 'exploit' | 'explore';
  reason: string;
  estimates: AngleEstimate[];
  /** How much an angle's effect typically differs between industries (relative, 0.15 = ±15%), from the data. */
  industrySpread: number;
}

const DEFAULT_MIN_SENDS = 5;
/** A predicted rate is kept inside (0, 1) so the Beta prior stays proper. */
const MAX_RATE = 0.95;

/**
 * Picks an angle from a hierarchical model of the win-rate table. An angle's reply rate in this industry is this
 * industry's base rate × the angle's effect in the other industries × a factor of this industry's own; how much the
 * other industries' evidence weighs against this industry's sends depends on how alike industries are, estimated
 * from the whole table (empirical Bayes, see similarity.ts) rather than fixed.
 *
 * Exploration is Thompson sampling on what industries share: each angle's rate is drawn from its posterior, and of
 * the draw's deviation from the expected rate only the part expected to come from the angle's effect elsewhere
 * (what every industry learns from) counts. The part specific to this industry enters as its expected value, so
 * evidence that can only ever serve one industry is not bought with that industry's replies. Alike industries: a new industry starts from what worked elsewhere, and angles little tried
 * anywhere still get tried. Industries that disagree: each industry's own data takes over as it accumulates.
 * Pure: the same stats and random source give the same choice.
 * @throws AppError('invalid_input') when no angle is allowed.
 */
export function chooseAngle(stats: readonly AngleStat[], options: ChooseAngleOptions): AngleChoice {
  const angles = [...new Set(options.angles)];
  if (angles.length === 0) throw new AppError('invalid_input', 'chooseAngle needs at least one allowed angle');
  const minSends = options.minSends ?? DEFAULT_MIN_SENDS;
  const table = buildAngleTable(stats, options.industry, angles);
  const spread = estimateSimilarity(table).spread;
  const A = table.angles.length;

  const estimates = angles.map((angle, a): AngleEstimate => {
    const sent = table.sent[a]!;
    const replies = table.replies[a]!;
    const elsewhere = effectElsewhere(table, 0, a);
    const pooledRate = Math.min(MAX_RATE, table.base[0]! * elsewhere.effect);
    const weight = priorWeight(pooledRate, relativeVariance(elsewhere, spread), minSends);
    const alpha = weight * pooledRate + replies;
    const beta = weight * (1 - pooledRate) + sent - replies;
    const mean = alpha / (alpha + beta);
    // Thompson draw; of its deviation from the mean, only the part expected to come from what industries share
    // counts (E[shared | deviation] = shared / (shared + specific) × deviation).
    const shared = sharedUncertainty(elsewhere, spread);
    const keep = shared / (shared + spread * spread);
    let pooledSent = 0;
    for (let j = 1; j < table.industries.length; j++) pooledSent += table.sent[j * A + a]!;
    return {
      angle,
      sent,
      replies,
      pooledSent,
      pooledReplies: elsewhere.replies,
      pooledRate,
      priorWeight: weight,
      posteriorMean: mean,
      sample: mean + keep * (sampleBeta(alpha, beta, options.random) - mean),
    };
  });

  const chosen = argmax(estimates, (e) => e.sample);
  const favourite = argmax(estimates, (e) => e.posteriorMean);
  const noData = table.sent.every((n) => n === 0);
  const tie = estimates.every((e) => Math.abs(e.posteriorMean - favourite.posteriorMean) < 1e-12);
  const exploit = !noData && !tie && chosen.angle === favourite.angle;
  return {
    angle: chosen.angle,
    mode: exploit ? 'exploit' : 'explore',
    reason: describeChoice({ chosen, favourite, industry: options.industry, spread, exploit, noData: noData || tie }),
    estimates,
    industrySpread: spread,
  };
}

/** The relative variance of what industries share: how well the angle's effect elsewhere is known. */
function sharedUncertainty(elsewhere: EffectElsewhere, spread: number): number {
  return elsewhere.noise + spread * spread * elsewhere.unevenness;
}

/** A Beta prior at `rate` with relative variance `relVar` is worth (1 − rate) / (rate × relVar) − 1 sends. */
function priorWeight(rate: number, relVar: number, minSends: number): number {
  return Math.max(minSends, (1 - rate) / (rate * relVar) - 1);
}

function argmax<T>(items: readonly T[], score: (item: T) => number): T {
  let best = items[0] as T;
  for (const item of items) if (score(item) > score(best)) best = item;
  return best;
}
