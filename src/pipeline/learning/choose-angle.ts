import { AppError } from '../../errors.js';
import { type RandomSource, sampleBeta } from './random.js';

/** One cell of the learning table: sends of an angle in an industry and the replies they got. */
export interface AngleStat {
  industry: string;
  angle: string;
  sent: number;
  replies: number;
}

export interface ChooseAngleOptions {
  industry: string;
  /** The angles allowed for this company (already filtered by its facts). */
  angles: readonly string[];
  random: RandomSource;
  /** Below this many sends in a cell the pooled prior outweighs the cell's own data (default 5). */
  minSends?: number;
  /**
   * How alike industries are assumed to be, as a pseudo-count of sends: the most weight the pooled prior gets
   * once the other industries have plenty of data. Default {@link DEFAULT_PRIOR_STRENGTH} (tuned by
   * bench/learning.bench.ts).
   */
  priorStrength?: number;
}

export interface AngleEstimate {
  angle: string;
  /** Sends and replies of this angle in this industry. */
  sent: number;
  replies: number;
  /** Sends and replies of this angle in every other industry. */
  pooledSent: number;
  pooledReplies: number;
  /** The pooled reply rate, shrunk towards the overall rate. */
  pooledRate: number;
  /** The prior's weight in sends. */
  priorWeight: number;
  posteriorMean: number;
  /** The Thompson draw. */
  sample: number;
}

export interface AngleChoice {
  angle: string;
  mode: 'exploit' | 'explore';
  reason: string;
  estimates: AngleEstimate[];
}

export const DEFAULT_MIN_SENDS = 5;
export const DEFAULT_PRIOR_STRENGTH = 200;
/** Pseudo-sends at the overall rate that steady an angle's pooled rate while it has little data. */
const POOLED_SHRINK = 20;
/** Before any data: one reply in twenty sends (5%). */
const BASE_REPLIES = 1;
const BASE_SENT = 20;

const norm = (s: string) => s.trim().toLowerCase();
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * Picks an angle by Thompson sampling on Beta posteriors. Each angle's prior in this industry is centred on its
 * reply rate across the other industries and weighs up to `priorStrength` sends (never fewer than `minSends`), so a
 * new industry starts from what worked elsewhere and its own data takes over as it accumulates. Pure: the same
 * stats and random source give the same choice.
 * @throws AppError('invalid_input') when no angle is allowed.
 */
export function chooseAngle(stats: readonly AngleStat[], options: ChooseAngleOptions): AngleChoice {
  const angles = [...new Set(options.angles)];
  if (angles.length === 0) throw new AppError('invalid_input', 'chooseAngle needs at least one allowed angle');
  const minSends = options.minSends ?? DEFAULT_MIN_SENDS;
  const strength = Math.max(minSends, options.priorStrength ?? DEFAULT_PRIOR_STRENGTH);
  const industry = norm(options.industry);
  const rows = stats.map((s) => {
    const sent = Math.max(0, s.sent);
    return { industry: norm(s.industry), angle: s.angle, sent, replies: Math.min(sent, Math.max(0, s.replies)) };
  });
  const others = rows.filter((r) => r.industry !== industry);
  const overall = (sum(others, 'replies') + BASE_REPLIES) / (sum(others, 'sent') + BASE_SENT);

  const estimates = angles.map((angle): AngleEstimate => {
    const cell = rows.filter((r) => r.industry === industry && r.angle === angle);
    const pooled = others.filter((r) => r.angle === angle);
    const sent = sum(cell, 'sent');
    const replies = sum(cell, 'replies');
    const pooledSent = sum(pooled, 'sent');
    const pooledReplies = sum(pooled, 'replies');
    const pooledRate = (pooledReplies + POOLED_SHRINK * overall) / (pooledSent + POOLED_SHRINK);
    // Uncertainty of the pooled rate plus the spread between industries, as one pseudo-count.
    const priorWeight = Math.max(minSends, 1 / (1 / (pooledSent + POOLED_SHRINK) + 1 / (strength + 1)) - 1);
    const alpha = priorWeight * pooledRate + replies;
    const beta = priorWeight * (1 - pooledRate) + (sent - replies);
    const sample = sampleBeta(alpha, beta, options.random);
    const posteriorMean = alpha / (alpha + beta);
    return { angle, sent, replies, pooledSent, pooledReplies, pooledRate, priorWeight, posteriorMean, sample };
  });

  const chosen = argmax(estimates, (e) => e.sample);
  const favourite = argmax(estimates, (e) => e.posteriorMean);
  const noData = rows.every((r) => r.sent === 0);
  const tie = estimates.every((e) => e.posteriorMean === favourite.posteriorMean);
  const exploit = !noData && !tie && chosen.angle === favourite.angle;
  return {
    angle: chosen.angle,
    mode: exploit ? 'exploit' : 'explore',
    reason: describe(chosen, favourite, options.industry, { exploit, noData: noData || tie }),
    estimates,
  };
}

function describe(
  chosen: AngleEstimate,
  favourite: AngleEstimate,
  industry: string,
  flags: { exploit: boolean; noData: boolean },
): string {
  const evidence = `${chosen.replies}/${chosen.sent} replies in ${industry}, ${pct(chosen.pooledRate)} elsewhere`;
  if (flags.noData) return `exploring ${chosen.angle}: no reply data yet, so every allowed angle is equally likely`;
  if (flags.exploit)
    return `exploiting ${chosen.angle}: best expected reply rate for ${industry} (${pct(chosen.posteriorMean)}; ${evidence})`;
  return (
    `exploring ${chosen.angle} (expected ${pct(chosen.posteriorMean)}; ${evidence}): its uncertainty drew higher ` +
    `than the favourite ${favourite.angle} (${pct(favourite.posteriorMean)})`
  );
}

function sum<T extends { sent: number; replies: number }>(rows: readonly T[], key: 'sent' | 'replies'): number {
  let total = 0;
  for (const r of rows) total += r[key];
  return total;
}

function argmax<T>(items: readonly T[], score: (item: T) => number): T {
  let best = items[0] as T;
  for (const item of items) if (score(item) > score(best)) best = item;
  return best;
}
