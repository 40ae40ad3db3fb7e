import type { Tier } from '../companies/ports.js';
import { type ComponentScore, figuresFor, type ScoreBreakdown } from './breakdown.js';
import { type Estimate, estimateSpend, type ScoreInput } from './estimate.js';
import type { IcpComponent, IcpProfile, Measure } from './profile.js';

export type { ComponentScore, ScoreBreakdown } from './breakdown.js';

export interface ScoreResult {
  score: number;
  tier: Tier;
  estimate: Estimate;
  breakdown: ScoreBreakdown;
}

/** Points for `value` from ascending bands: the last band whose `min` ≤ value; 0 below the first band. */
export function bandPoints(bands: readonly { min: number; points: number }[], value: number): number {
  let result = 0;
  for (const band of bands) if (value >= band.min) result = band.points;
  return result;
}

/** The tier for a score from the profile's thresholds. */
export function tierFor(score: number, tiers: IcpProfile['tiers']): Tier {
  if (score >= tiers.high) return 'high';
  if (score >= tiers.medium) return 'medium';
  return 'low';
}

const SPEND_ASSUMPTIONS = new Set(['site_count', 'building_sqft', 'state', 'industry']);

function measure(m: Measure, e: Estimate): { raw: number | string | null; assumed: boolean } {
  const has = (...fields: string[]) => e.assumed.some((a) => fields.includes(a.field));
  const spendAssumed = e.assumed.some((a) => SPEND_ASSUMPTIONS.has(a.field));
  switch (m) {
    case 'savings_low':
      return { raw: e.savingsLow, assumed: spendAssumed };
    case 'savings_mid':
      return { raw: e.savingsMid, assumed: spendAssumed };
    case 'savings_high':
      return { raw: e.savingsHigh, assumed: spendAssumed };
    case 'annual_spend':
      return { raw: e.annualSpend, assumed: spendAssumed };
    case 'site_count':
      return { raw: e.sites, assumed: has('site_count') };
    case 'building_sqft':
      return { raw: e.buildingSqft, assumed: has('building_sqft') };
    case 'employee_count':
      return { raw: e.employeeCount, assumed: false };
    case 'data_quality':
      return { raw: e.dataQuality, assumed: false };
    case 'industry_fit':
      return { raw: e.fit ?? 'unlisted', assumed: false };
    case 'deregulated':
      return { raw: e.deregulated === null ? null : e.deregulated ? 'yes' : 'no', assumed: false };
  }
}

function componentPoints(c: IcpComponent, raw: number | string | null): number {
  if (raw === null) return c.unknownPoints ?? 0;
  if (typeof raw === 'number') return bandPoints(c.bands ?? [], raw);
  return c.levels?.[raw] ?? 0;
}

/**
 * Scores a company against the profile: estimate, component points, weighted score (0–100), tier and a breakdown.
 * Pure and deterministic: the same company and profile always give the same result.
 */
export function scoreCompany(company: ScoreInput, profile: IcpProfile): ScoreResult {
  const estimate = estimateSpend(company, profile);
  let total = 0;
  const components = Object.entries(profile.components).map(([id, c]): ComponentScore => {
    const { raw, assumed } = measure(c.measure, estimate);
    const points = componentPoints(c, raw);
    // Basis points keep the weighted sum exact, so x.5 always rounds the same way.
    const basis = Math.round(c.weight * 10_000);
    total += points * basis;
    return {
      id,
      label: c.label,
      measure: c.measure,
      raw,
      assumed,
      points,
      weight: c.weight,
      weighted: round2((points * basis) / 10_000),
    };
  });
  const score = Math.min(100, Math.max(0, Math.round(total / 10_000)));
  const tier = tierFor(score, profile.tiers);
  const breakdown: ScoreBreakdown = {
    profile: profile.name,
    score,
    tier,
    components,
    estimate: {
      annualSpend: estimate.annualSpend,
      savingsLow: estimate.savingsLow,
      savingsMid: estimate.savingsMid,
      savingsHigh: estimate.savingsHigh,
      energyIntensity: estimate.energyIntensity,
      stateRate: estimate.stateRate,
      electricityRate: estimate.electricityRate,
      gasRate: estimate.gasRate,
      kwhPerSqft: estimate.kwhPerSqft,
      thermsPerSqft: estimate.thermsPerSqft,
    },
    inputs: {
      industry: estimate.industryLabel,
      industryKey: estimate.industryKey,
      fit: estimate.fit,
      state: estimate.stateCode,
      sites: estimate.sites,
      buildingSqft: estimate.buildingSqft,
      employeeCount: estimate.employeeCount,
    },
    deregulated: estimate.deregulated,
    dataQuality: estimate.dataQuality,
    unknown: estimate.gaps,
    assumed: estimate.assumed,
    figures: {},
  };
  breakdown.figures = figuresFor(breakdown, profile);
  return { score, tier, estimate, breakdown };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
