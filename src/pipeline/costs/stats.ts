import { binomialDistribution, cumulativeStdNormalProbability } from 'simple-statistics';

/**
 * Two-sided p-value of a two-proportion z-test (pooled): are x1/n1 and x2/n2 the same rate? 1 when either sample is
 * empty or nothing varies. simple-statistics gives the normal distribution; the pooled test is its textbook form.
 */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): number {
  if (n1 <= 0 || n2 <= 0) return 1;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return 1;
  const z = Math.abs(x1 / n1 - x2 / n2) / se;
  return Math.min(1, 2 * (1 - cumulativeStdNormalProbability(z)));
}

/**
 * Two-sided exact p-value that two Poisson counts come from the same rate, given how much exposure each had (days,
 * dollars): conditioned on their sum, the first is binomial with p = e1 / (e1 + e2).
 */
export function poissonRateTest(n1: number, e1: number, n2: number, e2: number): number {
  const total = n1 + n2;
  if (total === 0 || e1 <= 0 || e2 <= 0) return 1;
  const pmf = binomialDistribution(total, e1 / (e1 + e2));
  if (!pmf) return 1;
  const observed = pmf[n1] ?? 0;
  let p = 0;
  for (const cell of pmf) if (cell <= observed * (1 + 1e-7)) p += cell;
  return Math.min(1, p);
}
