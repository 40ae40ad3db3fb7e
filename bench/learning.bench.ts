/**
 * Learning simulation: does Thompson sampling with a pooled prior (chooseAngle) get more replies than the seed's
 * rule (random until an angle has 5 sends, then greedy on the best observed reply rate)?
 *
 * World generator (per seed): 20 industries × 5 angles. Each angle has a general quality shared by every industry
 * (a log-scale effect ~ N(0, 0.25)); each industry has a base reply rate drawn log-uniformly in 3–7%; each cell adds
 * its own variation (log-scale ~ N(0, 0.15)); rates are clipped to 1–12%. So some angles are generally better, with
 * per-industry differences. 3,000 sends in order, each to an industry drawn uniformly; a send gets a reply with the
 * cell's hidden rate. Every policy sees the same industries and the same reply dice (common random numbers).
 */
import { type AngleStat, chooseAngle, DEFAULT_PRIOR_STRENGTH } from '../src/pipeline/learning/choose-angle.js';
import { createSeededRandom, type RandomSource, sampleBeta, sampleNormal } from '../src/pipeline/learning/random.js';
import type { BenchResult } from './run.js';

const INDUSTRIES = 20;
const ANGLES = ['cost_savings', 'audit_offer', 'risk_reduction', 'multi_site_savings', 'deregulation_opportunity'];
const SENDS = 3000;
const SEEDS = 60;
const SEED_RULE_MIN_SENDS = 5;

interface World {
  rates: number[][];
  industryOf: number[];
  dice: number[];
}

interface WorldShape {
  /** Spread of the angles' general quality (log scale). */
  angleSd: number;
  /** Spread of each industry × angle cell around it (log scale). */
  cellSd: number;
}

/** The main world: angles differ more than industries disagree about them. */
const MAIN: WorldShape = { angleSd: 0.25, cellSd: 0.15 };
/** A robustness check where the pooling premise is weak: industries disagree more than angles differ. */
const DISSIMILAR: WorldShape = { angleSd: 0.15, cellSd: 0.3 };

function makeWorld(seed: number, shape: WorldShape): World {
  const rng = createSeededRandom(seed * 7919 + 17);
  const angleEffect = ANGLES.map(() => shape.angleSd * sampleNormal(rng));
  const rates = Array.from({ length: INDUSTRIES }, () => {
    const base = Math.exp(Math.log(0.03) + rng() * (Math.log(0.07) - Math.log(0.03)));
    return angleEffect.map((e) =>
      Math.min(0.12, Math.max(0.01, base * Math.exp(e + shape.cellSd * sampleNormal(rng)))),
    );
  });
  const industryOf = Array.from({ length: SENDS }, () => Math.floor(rng() * INDUSTRIES));
  const dice = Array.from({ length: SENDS }, () => rng());
  return { rates, industryOf, dice };
}

type Policy = (stats: AngleStat[], industry: number, random: RandomSource) => number;

const industryName = (i: number) => `industry-${i}`;

function simulate(world: World, policy: Policy, seed: number): number {
  const random = createSeededRandom(seed * 104729 + 3);
  const stats: AngleStat[] = [];
  const cells = new Map<string, AngleStat>();
  for (let i = 0; i < INDUSTRIES; i++)
    ANGLES.forEach((angle) => {
      const row = { industry: industryName(i), angle, sent: 0, replies: 0 };
      stats.push(row);
      cells.set(`${i}/${angle}`, row);
    });
  let replies = 0;
  for (let t = 0; t < SENDS; t++) {
    const industry = world.industryOf[t]!;
    const a = policy(stats, industry, random);
    const row = cells.get(`${industry}/${ANGLES[a]}`)!;
    row.sent += 1;
    if (world.dice[t]! < world.rates[industry]![a]!) {
      row.replies += 1;
      replies += 1;
    }
  }
  return replies;
}

const seedRule: Policy = (stats, industry, random) => {
  const mine = stats.filter((s) => s.industry === industryName(industry) && s.sent >= SEED_RULE_MIN_SENDS);
  if (mine.length === 0) return Math.floor(random() * ANGLES.length);
  let best = mine[0]!;
  for (const s of mine) if (s.replies / s.sent > best.replies / best.sent) best = s;
  return ANGLES.indexOf(best.angle);
};

const pooled =
  (priorStrength?: number): Policy =>
  (stats, industry, random) =>
    ANGLES.indexOf(
      chooseAngle(stats, { industry: industryName(industry), angles: ANGLES, random, priorStrength }).angle,
    );

/** Per-industry Thompson sampling with a flat Beta(1, 1) prior: no pooling. */
const naive: Policy = (stats, industry, random) => {
  let best = 0;
  let bestDraw = -1;
  ANGLES.forEach((angle, a) => {
    const s = stats.find((r) => r.industry === industryName(industry) && r.angle === angle)!;
    const draw = sampleBeta(1 + s.replies, 1 + s.sent - s.replies, random);
    if (draw > bestDraw) {
      bestDraw = draw;
      best = a;
    }
  });
  return best;
};

const oracle: Policy = (_stats, industry) => 0 + bestAngle(currentWorld!, industry);
let currentWorld: World | undefined;
function bestAngle(world: World, industry: number): number {
  const rates = world.rates[industry]!;
  return rates.indexOf(Math.max(...rates));
}

function compare(shape: WorldShape, policies: Record<string, Policy>) {
  const totals: Record<string, number> = Object.fromEntries(Object.keys(policies).map((k) => [k, 0]));
  let wins = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    currentWorld = makeWorld(seed, shape);
    const got: Record<string, number> = {};
    for (const [name, policy] of Object.entries(policies)) {
      got[name] = simulate(currentWorld, policy, seed);
      totals[name]! += got[name]!;
    }
    if (got.chooseAngle! > got.seedRule!) wins += 1;
  }
  const lines = Object.keys(policies).map(
    (name) =>
      `${name.padEnd(22)} ${String(totals[name]).padStart(6)} replies  ×${(totals[name]! / totals.seedRule!).toFixed(3)} ` +
      `vs seed rule  ${((totals[name]! / totals.oracle!) * 100).toFixed(1)}% of oracle`,
  );
  lines.push(`chooseAngle beat the seed rule in ${wins}/${SEEDS} seeds`);
  return { totals, wins, lines };
}

export async function run(): Promise<BenchResult> {
  const core: Record<string, Policy> = { seedRule, chooseAngle: pooled(), naiveThompson: naive, oracle };
  const sweep: Record<string, Policy> = {};
  for (const k of [5, 20, 50, 100, 500, 2000]) sweep[`chooseAngle k=${k}`] = pooled(k);
  const main = compare(MAIN, { ...core, ...sweep });
  const dissimilar = compare(DISSIMILAR, { ...core, 'chooseAngle k=20': pooled(20), 'chooseAngle k=500': pooled(500) });
  const ratio = main.totals.chooseAngle! / main.totals.seedRule!;
  const lines = [
    `${SEEDS} seeds × ${SENDS} sends, ${INDUSTRIES} industries × ${ANGLES.length} angles, hidden rates 1–12%`,
    `main world (angle sd ${MAIN.angleSd}, industry-cell sd ${MAIN.cellSd}); chooseAngle uses the default prior strength ${DEFAULT_PRIOR_STRENGTH}`,
    ...main.lines,
    `robustness world where industries disagree more (angle sd ${DISSIMILAR.angleSd}, cell sd ${DISSIMILAR.cellSd})`,
    ...dissimilar.lines,
    `RESULT: chooseAngle gets ${((ratio - 1) * 100).toFixed(1)}% more replies than the seed rule ` +
      `(${((main.totals.chooseAngle! / main.totals.oracle!) * 100).toFixed(1)}% of oracle; goal ≥ 8%)`,
  ];
  return {
    lines,
    data: {
      seeds: SEEDS,
      sends: SENDS,
      defaultPriorStrength: DEFAULT_PRIOR_STRENGTH,
      ratioVsSeedRule: ratio,
      shareOfOracle: main.totals.chooseAngle! / main.totals.oracle!,
      seedRuleShareOfOracle: main.totals.seedRule! / main.totals.oracle!,
      main: { shape: MAIN, totals: main.totals, chooseAngleWins: main.wins },
      dissimilar: { shape: DISSIMILAR, totals: dissimilar.totals, chooseAngleWins: dissimilar.wins },
    },
  };
}
