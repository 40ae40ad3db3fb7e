import type { CompanyRecord } from '../companies/ports.js';
import { GAP_FIELDS, type GapField, type IcpProfile, industryKey } from './profile.js';

/** The company facts scoring reads. */
export type ScoreInput = Pick<
  CompanyRecord,
  'industry' | 'state' | 'siteCount' | 'buildingSqft' | 'employeeCount' | 'website' | 'domain'
>;

/** A value the estimate had to assume, and why; shown in the breakdown, never silent. */
export interface Assumption {
  field: GapField | 'industry';
  value: string | number;
  reason: string;
}

export interface Estimate {
  /** The profile industry the company matched, or null when it is not listed. */
  industryKey: string | null;
  industryLabel: string;
  fit: string | null;
  stateCode: string | null;
  sites: number;
  buildingSqft: number;
  employeeCount: number | null;
  kwhPerSqft: number;
  thermsPerSqft: number;
  electricityRate: number;
  gasRate: number;
  /** kWh-equivalent per sq ft per year (electricity + gas). */
  energyIntensity: number;
  /** Blended $ per kWh-equivalent for this state and industry mix. */
  stateRate: number;
  annualSpend: number;
  savingsLow: number;
  savingsMid: number;
  savingsHigh: number;
  deregulated: boolean | null;
  /** Gap fields still unknown. */
  gaps: GapField[];
  assumed: Assumption[];
  /** Percent (0–100) of the profile's data-quality fields that are known, by weight. */
  dataQuality: number;
}

const KWH_PER_THERM = 29.3071;

const positive = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0;
const present = (s: string | null | undefined) => typeof s === 'string' && s.trim().length > 0;

/** Which gap fields are missing from a company, in a fixed order. */
export function detectGaps(company: ScoreInput): GapField[] {
  const missing: Record<GapField, boolean> = {
    employee_count: !positive(company.employeeCount),
    site_count: !positive(company.siteCount),
    website: !present(company.website) && !present(company.domain),
    building_sqft: !positive(company.buildingSqft),
    state: !present(company.state),
  };
  return GAP_FIELDS.filter((f) => missing[f]);
}

/** The profile industry for a company's industry text (key or alias), or undefined. */
export function findIndustry(profile: IcpProfile, industry: string): string | undefined {
  const k = industryKey(industry);
  if (k in profile.industries) return k;
  return Object.entries(profile.industryAliases).find(([, aliases]) => aliases.some((a) => industryKey(a) === k))?.[0];
}

/** The state code for "NY", "ny" or "New York", or undefined when not in the profile's table. */
export function findState(profile: IcpProfile, state: string | null): string | undefined {
  if (!present(state)) return undefined;
  const text = state!.trim();
  if (text.toUpperCase() in profile.states) return text.toUpperCase();
  const lower = text.toLowerCase();
  return Object.keys(profile.states).find((code) => profile.states[code]!.name.toLowerCase() === lower);
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));

/** Estimates annual utility spend and savings from the profile's tables. Pure; records every assumption. */
export function estimateSpend(company: ScoreInput, profile: IcpProfile): Estimate {
  const gaps = detectGaps(company);
  const assumed: Assumption[] = [];
  const key = findIndustry(profile, company.industry) ?? null;
  const row = key ? profile.industries[key]! : profile.defaultIndustry;
  const industryLabel = key ? (profile.industries[key]!.label ?? key.replace(/_/g, ' ')) : company.industry.trim();
  if (!key) {
    assumed.push({
      field: 'industry',
      value: 'default intensity',
      reason: `"${company.industry}" is not in the profile`,
    });
  }
  const sites = positive(company.siteCount) ? company.siteCount : 1;
  if (!positive(company.siteCount)) assumed.push({ field: 'site_count', value: 1, reason: 'site count unknown' });
  const buildingSqft = positive(company.buildingSqft) ? company.buildingSqft : row.sqft;
  if (!positive(company.buildingSqft)) {
    assumed.push({ field: 'building_sqft', value: row.sqft, reason: 'building size unknown; industry typical' });
  }
  const stateCode = findState(profile, company.state) ?? null;
  const rates = stateCode ? profile.states[stateCode]! : profile.defaultRates;
  if (!stateCode) {
    const why = present(company.state) ? `state "${company.state}" is not in the rate table` : 'state unknown';
    assumed.push({ field: 'state', value: 'US average rates', reason: why });
  }
  const perSqft = row.kwh * rates.electricity + row.therms * rates.gas;
  const energyIntensity = row.kwh + row.therms * KWH_PER_THERM;
  const annualSpend = Math.round(sites * buildingSqft * perSqft);
  return {
    industryKey: key,
    industryLabel,
    fit: key ? profile.industries[key]!.fit : null,
    stateCode,
    sites,
    buildingSqft,
    employeeCount: positive(company.employeeCount) ? company.employeeCount : null,
    kwhPerSqft: row.kwh,
    thermsPerSqft: row.therms,
    electricityRate: rates.electricity,
    gasRate: rates.gas,
    energyIntensity: round(energyIntensity, 4),
    stateRate: energyIntensity > 0 ? round(perSqft / energyIntensity, 6) : rates.electricity,
    annualSpend,
    savingsLow: Math.round(annualSpend * profile.savings.low),
    savingsMid: Math.round(annualSpend * profile.savings.mid),
    savingsHigh: Math.round(annualSpend * profile.savings.high),
    deregulated: stateCode ? profile.deregulated.includes(stateCode) : null,
    gaps,
    assumed,
    dataQuality: dataQualityPercent(profile, gaps),
  };
}

/** Percent of the profile's data-quality fields that are known, weighted, rounded to a whole number. */
function dataQualityPercent(profile: IcpProfile, gaps: readonly GapField[]): number {
  const fields = Object.entries(profile.dataQuality.fields) as [GapField, number][];
  const total = fields.reduce((sum, [, w]) => sum + w, 0);
  const known = fields.filter(([f]) => !gaps.includes(f)).reduce((sum, [, w]) => sum + w, 0);
  return total > 0 ? Math.round((known / total) * 100) : 100;
}
