import type { AngleEstimate } from './choose-angle.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * The reason line for a chosen angle (shown to the writer and kept with the draft): exploit or explore, the expected
 * reply rate, this industry's own evidence, what the other industries suggest and how much that counts here.
 */
export function describeChoice(input: {
  chosen: AngleEstimate;
  favourite: AngleEstimate;
  industry: string;
  /** How much an angle's effect differs between industries, as estimated from the table. */
  spread: number;
  exploit: boolean;
  noData: boolean;
}): string {
  const { chosen, favourite, industry } = input;
  if (input.noData) return `exploring ${chosen.angle}: no reply data yet, so every allowed angle is equally likely`;
  const elsewhere =
    chosen.pooledSent > 0
      ? `other industries suggest ${pct(chosen.pooledRate)} and count as ${Math.round(chosen.priorWeight)} sends here, ` +
        `as industries differ by about ±${Math.round(input.spread * 100)}% on an angle`
      : 'no sends in other industries yet';
  const evidence = `${chosen.replies}/${chosen.sent} replies in ${industry}; ${elsewhere}`;
  if (input.exploit)
    return `exploiting ${chosen.angle}: best expected reply rate for ${industry} (${pct(chosen.posteriorMean)}; ${evidence})`;
  return (
    `exploring ${chosen.angle} (expected ${pct(chosen.posteriorMean)}; ${evidence}): its uncertainty drew higher ` +
    `than the favourite ${favourite.angle} (${pct(favourite.posteriorMean)})`
  );
}
