import { describe, expect, it } from 'vitest';
import { type AngleStat, buildAngleTable } from '../../../src/pipeline/learning/angle-table.js';
import { createSeededRandom, sampleNormal } from '../../../src/pipeline/learning/random.js';
import { estimateSimilarity } from '../../../src/pipeline/learning/similarity.js';

const ANGLES = ['cost_savings', 'audit_offer', 'risk_reduction', 'multi_site_savings', 'deregulation_opportunity'];

/** A table drawn from the model: base 3–7%, angle effects sd 0.25, industry-specific factors with spread `spread`. */
function drawTable(spread: number, sendsPerCell: (i: number, a: number) => number, seed = 1): AngleStat[] {
  const rng = createSeededRandom(seed);
  const effects = ANGLES.map(() => 0.25 * sampleNormal(rng));
  return Array.from({ length: 20 }, (_, i) => {
    const base = 0.03 + 0.04 * rng();
    return ANGLES.map((angle, a) => {
      const rate = Math.min(0.5, base * Math.exp(effects[a]! + spread * sampleNormal(rng)));
      const sent = sendsPerCell(i, a);
      let replies = 0;
      for (let k = 0; k < sent; k++) if (rng() < rate) replies += 1;
      return { industry: `industry-${i}`, angle, sent, replies };
    });
  }).flat();
}

const spreadOf = (stats: AngleStat[]) => estimateSimilarity(buildAngleTable(stats, 'industry-0', ANGLES)).spread;

describe('estimateSimilarity', () => {
  it('tells industries that agree on angles from industries that do not, given enough sends', () => {
    for (const seed of [1, 2, 3]) {
      expect(spreadOf(drawTable(0, () => 400, seed))).toBeLessThan(0.12);
      const differ = spreadOf(drawTable(0.5, () => 400, seed));
      expect(differ).toBeGreaterThan(0.35);
      expect(differ).toBeLessThan(0.7);
    }
  });

  it('sees disagreement even when each industry sends mostly one angle', () => {
    // 600 sends on one angle per industry, 40 on each other: a base fitted to the big cell would hide the rest.
    const lopsided = (i: number, a: number) => (a === i % ANGLES.length ? 600 : 40);
    expect(spreadOf(drawTable(0.5, lopsided, 4))).toBeGreaterThan(0.3);
    expect(spreadOf(drawTable(0, lopsided, 4))).toBeLessThan(0.2);
  });

  it('does not pretend industries are identical when the table is too thin to tell', () => {
    const thin = drawTable(0, () => 10, 5);
    const spread = spreadOf(thin);
    expect(spread).toBeGreaterThan(0.1);
    expect(spreadOf(drawTable(0, () => 400, 5))).toBeLessThan(spread);
  });

  it('says nothing can be told from one industry or an empty table', () => {
    expect(spreadOf([])).toBe(0);
    expect(spreadOf(drawTable(0.5, (i) => (i === 0 ? 100 : 0)))).toBe(0);
  });
});
