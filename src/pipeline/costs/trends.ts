import type { Outcomes, SpendEntry, TrendFacts } from './ports.js';
import { spentOf } from './report.js';
import { poissonRateTest, twoProportionTest } from './stats.js';

/** One week's figures for the comparisons. */
export interface WeekFacts {
  outcomes: Outcomes;
  facts: TrendFacts;
  entries: readonly SpendEntry[];
}

/** A change between the last 7 days and the 7 before that is large against the noise. */
export interface Trend {
  metric: string;
  direction: 'up' | 'down';
  /** Whether the move is good news (more leads) or bad (more errors). */
  good: boolean;
  before: { value: number; text: string };
  after: { value: number; text: string };
  pValue: number;
}

/** What counts as large: unlikely by chance (two-sided p below this) and at least this relative change. */
const TREND_P = 0.01;
const TREND_MIN_CHANGE = 0.2;
/** An error rate that at least doubled with at least this many errors is called out at p < 0.05. */
const ERROR_DOUBLING_MIN = 5;

const pct = (x: number, n: number) => `${((100 * x) / n).toFixed(1)}% (${x}/${n})`;

function proportion(
  metric: string,
  higherIsGood: boolean,
  now: [number, number],
  then: [number, number],
  doubling = false,
): Trend | undefined {
  const [x2, n2] = now;
  const [x1, n1] = then;
  if (n1 === 0 || n2 === 0) return undefined;
  const before = x1 / n1;
  const after = x2 / n2;
  const p = twoProportionTest(x2, n2, x1, n1);
  const change = before === 0 ? (after > 0 ? Infinity : 0) : Math.abs(after - before) / before;
  const large = p < TREND_P && change >= TREND_MIN_CHANGE;
  const doubled = doubling && x2 >= ERROR_DOUBLING_MIN && after >= 2 * before && p < 0.05;
  if (!large && !doubled) return undefined;
  const direction = after > before ? 'up' : 'down';
  return {
    metric,
    direction,
    good: (direction === 'up') === higherIsGood,
    before: { value: before, text: pct(x1, n1) },
    after: { value: after, text: pct(x2, n2) },
    pValue: p,
  };
}

function count(metric: string, now: number, then: number): Trend | undefined {
  const p = poissonRateTest(now, 7, then, 7);
  const change = then === 0 ? (now > 0 ? Infinity : 0) : Math.abs(now - then) / then;
  if (!(p < TREND_P && change >= TREND_MIN_CHANGE)) return undefined;
  const direction = now > then ? 'up' : 'down';
  return {
    metric,
    direction,
    good: direction === 'up',
    before: { value: then, text: String(then) },
    after: { value: now, text: String(now) },
    pValue: p,
  };
}

/** Cost per positive reply compared as positive replies per dollar (a Poisson count with spend as exposure). */
function costPerPositive(now: WeekFacts, then: WeekFacts): Trend | undefined {
  const spend = (w: WeekFacts) => w.entries.reduce((s, e) => s + spentOf(e), 0);
  const positives = (w: WeekFacts) => w.outcomes.replies.filter((r) => r.positive).length;
  const [s1, s2, n1, n2] = [spend(then), spend(now), positives(then), positives(now)];
  if (s1 <= 0 || s2 <= 0 || n1 === 0 || n2 === 0) return undefined;
  const p = poissonRateTest(n2, s2, n1, s1);
  const before = s1 / n1;
  const after = s2 / n2;
  if (!(p < TREND_P && Math.abs(after - before) / before >= TREND_MIN_CHANGE)) return undefined;
  const direction = after > before ? 'up' : 'down';
  const usd = (v: number) => `$${v.toFixed(2)}`;
  return {
    metric: 'cost per positive reply',
    direction,
    good: direction === 'down',
    before: { value: before, text: `${usd(before)} (${n1})` },
    after: { value: after, text: `${usd(after)} (${n2})` },
    pValue: p,
  };
}

/**
 * Compares the last 7 days with the 7 before: leads, approval rate, contact rate, reply and positive rates, error
 * rate per stage and cost per positive reply. Returns only the changes large against the noise (a two-proportion
 * z-test or an exact Poisson test below TREND_P with a relative change of TREND_MIN_CHANGE, or an error rate that
 * at least doubled with ERROR_DOUBLING_MIN errors), biggest surprise first.
 */
export function compareWeeks(now: WeekFacts, then: WeekFacts): Trend[] {
  const sent = (w: WeekFacts) => w.outcomes.sends.length;
  const replies = (w: WeekFacts) => w.outcomes.replies.length;
  const positive = (w: WeekFacts) => w.outcomes.replies.filter((r) => r.positive).length;
  const decided = (w: WeekFacts) => w.facts.decisions.approved + w.facts.decisions.rejected;
  const enriched = (w: WeekFacts) => w.facts.enriched.withContact + w.facts.enriched.without;
  const trends = [
    count('leads', now.outcomes.leads.length, then.outcomes.leads.length),
    proportion(
      'approval rate',
      true,
      [now.facts.decisions.approved, decided(now)],
      [then.facts.decisions.approved, decided(then)],
    ),
    proportion(
      'contact rate',
      true,
      [now.facts.enriched.withContact, enriched(now)],
      [then.facts.enriched.withContact, enriched(then)],
    ),
    proportion('reply rate', true, [replies(now), sent(now)], [replies(then), sent(then)]),
    proportion('positive reply rate', true, [positive(now), sent(now)], [positive(then), sent(then)]),
    ...now.facts.steps.map((s) => {
      const before = then.facts.steps.find((t) => t.stage === s.stage) ?? { errors: 0, total: 0 };
      return proportion(`${s.stage} error rate`, false, [s.errors, s.total], [before.errors, before.total], true);
    }),
    costPerPositive(now, then),
  ];
  return trends.filter((t): t is Trend => t !== undefined).sort((a, b) => a.pValue - b.pValue);
}
