import type { Tier } from '../companies/ports.js';
import type { Assumption, Estimate } from './estimate.js';
import { formatCount, formatMoney, formatPercent } from './format.js';
import type { GapField, IcpProfile, Measure } from './profile.js';

/** One component's line in the stored breakdown. */
export interface ComponentScore {
  id: string;
  label: string;
  measure: Measure;
  /** The measured value (dollars, sites, percent, level name), or null when unknown. */
  raw: number | string | null;
  /** True when the value rests on an assumption (see `assumed`). */
  assumed: boolean;
  points: number;
  weight: number;
  weighted: number;
}

/** What lead_scores.breakdown holds: enough to explain and re-check every point. */
export interface ScoreBreakdown {
  profile: string;
  score: number;
  tier: Tier;
  components: ComponentScore[];
  estimate: Pick<
    Estimate,
    | 'annualSpend'
    | 'savingsLow'
    | 'savingsMid'
    | 'savingsHigh'
    | 'energyIntensity'
    | 'stateRate'
    | 'electricityRate'
    | 'gasRate'
    | 'kwhPerSqft'
    | 'thermsPerSqft'
  >;
  inputs: {
    industry: string;
    industryKey: string | null;
    fit: string | null;
    state: string | null;
    sites: number;
    buildingSqft: number;
    employeeCount: number | null;
  };
  deregulated: boolean | null;
  /** Percent of the profile's data-quality fields that are known. */
  dataQuality: number;
  /** Gap fields that stayed unknown. */
  unknown: GapField[];
  assumed: Assumption[];
  /** Every figure a narration may quote, formatted ("$86k", "3", "13.5%"). */
  figures: Record<string, string>;
}

/** The formatted figures a reason may quote; anything else in a sentence is an invented number. */
export function figuresFor(b: ScoreBreakdown, profile: IcpProfile): Record<string, string> {
  const figures: Record<string, string> = {
    score: String(b.score),
    scoreMax: '100',
    sites: String(b.inputs.sites),
    buildingSqft: formatCount(b.inputs.buildingSqft),
    annualSpend: formatMoney(b.estimate.annualSpend),
    savingsLow: formatMoney(b.estimate.savingsLow),
    savingsMid: formatMoney(b.estimate.savingsMid),
    savingsHigh: formatMoney(b.estimate.savingsHigh),
    savingsPctLow: formatPercent(profile.savings.low),
    savingsPctMid: formatPercent(profile.savings.mid),
    savingsPctHigh: formatPercent(profile.savings.high),
    dataQuality: `${b.dataQuality}%`,
  };
  if (b.inputs.employeeCount !== null) figures.employees = formatCount(b.inputs.employeeCount);
  for (const c of b.components) {
    figures[`${c.id}.points`] = String(c.points);
    figures[`${c.id}.weight`] = formatPercent(c.weight);
  }
  return figures;
}
