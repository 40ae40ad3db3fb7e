/** One cell of the learning table: sends of an angle in an industry and the replies they got. */
export interface AngleStat {
  industry: string;
  angle: string;
  sent: number;
  replies: number;
}

/**
 * The industry × angle table as dense arrays (cell `i * angles.length + a`), with the main-effects fit: each
 * industry's base reply rate and each angle's effect relative to it (a multiplicative, no-interaction model), and
 * the sums needed to predict any cell from every other cell.
 */
export interface AngleTable {
  industries: string[];
  angles: string[];
  sent: Float64Array;
  replies: Float64Array;
  /** The reply rate over the whole table, steadied by one reply in twenty sends. */
  overall: number;
  /** Per industry: its reply rate for an average angle. */
  base: Float64Array;
  /** Per angle: its reply rate relative to an industry's base (1 = average). */
  effect: Float64Array;
  /** Per industry: replies, and Σ sends × effect. */
  industryReplies: Float64Array;
  industryExposure: Float64Array;
  /** Per angle: replies, Σ sends × base, and Σ (sends × base)². */
  angleReplies: Float64Array;
  angleExposure: Float64Array;
  angleExposureSq: Float64Array;
}

/** Before any data: one reply in twenty sends (5%). */
const BASE_REPLIES = 1;
const BASE_SENT = 20;
/**
 * Weak Gamma priors on the main effects (one pseudo-reply each): enough to keep an effect finite with no data,
 * too weak to matter once there are a few replies.
 */
const EFFECT_PRIOR_REPLIES = 1;
const FIT_ROUNDS = 5;

const normIndustry = (s: string) => s.trim().toLowerCase();

/**
 * Sums the rows into a dense table over every industry and angle seen (plus `industry` and `angles`, which may
 * have no rows yet) and fits the main effects by alternating Poisson updates (iterative proportional fitting).
 * Negative or impossible counts are clamped (replies never exceed sends).
 */
export function buildAngleTable(stats: readonly AngleStat[], industry: string, angles: readonly string[]): AngleTable {
  const industryIndex = new Map<string, number>([[normIndustry(industry), 0]]);
  const angleIndex = new Map<string, number>(angles.map((a, i) => [a, i]));
  const rowIndustry = new Int32Array(stats.length);
  const rowAngle = new Int32Array(stats.length);
  stats.forEach((s, r) => {
    rowIndustry[r] = indexOf(industryIndex, normIndustry(s.industry));
    rowAngle[r] = indexOf(angleIndex, s.angle);
  });
  const I = industryIndex.size;
  const A = angleIndex.size;
  const sent = new Float64Array(I * A);
  const replies = new Float64Array(I * A);
  stats.forEach((s, r) => {
    const n = Math.max(0, Number(s.sent) || 0);
    const k = rowIndustry[r]! * A + rowAngle[r]!;
    sent[k]! += n;
    replies[k]! += Math.min(n, Math.max(0, Number(s.replies) || 0));
  });
  for (let k = 0; k < I * A; k++) replies[k] = Math.min(replies[k]!, sent[k]!);
  const table: AngleTable = {
    industries: [...industryIndex.keys()],
    angles: [...angleIndex.keys()],
    sent,
    replies,
    overall: 0,
    base: new Float64Array(I),
    effect: new Float64Array(A).fill(1),
    industryReplies: new Float64Array(I),
    industryExposure: new Float64Array(I),
    angleReplies: new Float64Array(A),
    angleExposure: new Float64Array(A),
    angleExposureSq: new Float64Array(A),
  };
  fitMainEffects(table);
  return table;
}

/** The key's index in `index`, adding it at the end when new. */
function indexOf(index: Map<string, number>, key: string): number {
  const found = index.get(key);
  if (found !== undefined) return found;
  index.set(key, index.size);
  return index.size - 1;
}

function fitMainEffects(t: AngleTable): void {
  const I = t.industries.length;
  const A = t.angles.length;
  let totalSent = 0;
  let totalReplies = 0;
  for (let i = 0; i < I; i++)
    for (let a = 0; a < A; a++) {
      const k = i * A + a;
      totalSent += t.sent[k]!;
      totalReplies += t.replies[k]!;
      t.industryReplies[i]! += t.replies[k]!;
      t.angleReplies[a]! += t.replies[k]!;
    }
  t.overall = (totalReplies + BASE_REPLIES) / (totalSent + BASE_SENT);
  for (let round = 0; round < FIT_ROUNDS; round++) {
    sumExposures(t.sent, t.effect, I, A, 1, A, t.industryExposure);
    for (let i = 0; i < I; i++)
      t.base[i] =
        (t.industryReplies[i]! + EFFECT_PRIOR_REPLIES) / (t.industryExposure[i]! + EFFECT_PRIOR_REPLIES / t.overall);
    sumExposures(t.sent, t.base, A, I, A, 1, t.angleExposure, t.angleExposureSq);
    for (let a = 0; a < A; a++)
      t.effect[a] = (t.angleReplies[a]! + EFFECT_PRIOR_REPLIES) / (t.angleExposure[a]! + EFFECT_PRIOR_REPLIES);
  }
  sumExposures(t.sent, t.effect, I, A, 1, A, t.industryExposure);
}

/** For each of `outer` groups: Σ (and optionally Σ²) of sends × weight over its `inner` cells (strides pick rows or columns). */
function sumExposures(
  sent: Float64Array,
  weight: Float64Array,
  outer: number,
  inner: number,
  innerStride: number,
  outerStride: number,
  sum: Float64Array,
  sumSq?: Float64Array,
): void {
  for (let o = 0; o < outer; o++) {
    let s1 = 0;
    let s2 = 0;
    for (let n = 0; n < inner; n++) {
      const e = sent[o * outerStride + n * innerStride]! * weight[n]!;
      s1 += e;
      s2 += e * e;
    }
    sum[o] = s1;
    if (sumSq) sumSq[o] = s2;
  }
}

/** Angle `a`'s effect estimated without industry `i`'s data, with what its uncertainty is made of. */
export interface EffectElsewhere {
  effect: number;
  /** Replies of this angle in the other industries. */
  replies: number;
  /** Relative variance from Poisson noise in those replies. */
  noise: number;
  /** × σ², the relative variance from the luck of which industries the evidence came from (Σ e² / (Σ e)²). */
  unevenness: number;
}

/** Angle `a`'s effect estimated without industry `i`, so a cell's own data is never counted twice. */
export function effectElsewhere(t: AngleTable, i: number, a: number): EffectElsewhere {
  const k = i * t.angles.length + a;
  const own = t.sent[k]! * t.base[i]!;
  const replies = t.angleReplies[a]! - t.replies[k]!;
  const exposure = Math.max(0, t.angleExposure[a]! - own);
  const exposureSq = Math.max(0, t.angleExposureSq[a]! - own * own);
  return {
    effect: (replies + EFFECT_PRIOR_REPLIES) / (exposure + EFFECT_PRIOR_REPLIES),
    replies,
    noise: 1 / (replies + EFFECT_PRIOR_REPLIES),
    unevenness: exposure > 0 ? exposureSq / (exposure * exposure) : 0,
  };
}
