/**
 * E[v] for a variance v under a flat prior on v ≥ 0 when its estimate is normal around v with standard error
 * `error`: the mean of N(estimate, error²) truncated to [0, ∞). With plenty of data it is the estimate; with little it stays as large
 * as the data cannot rule out, instead of assuming the variance is 0.
 */
export function positivePartMean(estimate: number, error: number): number {
  if (!Number.isFinite(error) || error <= 0) return Math.max(0, estimate);
  const z = estimate / error;
  const tail = normalCdf(z);
  if (tail < 1e-12) return error / -z; // the mean of the far tail, avoiding 0/0
  return estimate + (error * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI) / tail;
}

/** Φ(z), the standard normal CDF (Abramowitz & Stegun 7.1.26, error < 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-x * x);
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}
