import { z } from 'zod';
import type { DirectiveStore } from '../directives/store.js';

/** Company fields the Analyst checks for gaps (and may ask re-enrichment to fill). */
export const GAP_FIELDS = ['employee_count', 'site_count', 'website', 'building_sqft', 'state'] as const;
export type GapField = (typeof GAP_FIELDS)[number];

/** Measures scored from numeric bands. */
export const NUMERIC_MEASURES = [
  'savings_low',
  'savings_mid',
  'savings_high',
  'annual_spend',
  'site_count',
  'building_sqft',
  'employee_count',
  'data_quality',
] as const;
/** Measures scored from named levels. */
export const LEVEL_MEASURES = ['industry_fit', 'deregulated'] as const;
export type Measure = (typeof NUMERIC_MEASURES)[number] | (typeof LEVEL_MEASURES)[number];

const points = z.number().min(0).max(100);
const fraction = z.number().gt(0).lt(1);
const key = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower-case letters, digits and underscores');

const bandSchema = z.strictObject({ min: z.number().min(0), points });

const componentSchema = z.strictObject({
  label: z.string().min(1),
  weight: z.number().gt(0).lte(1),
  measure: z.enum([...NUMERIC_MEASURES, ...LEVEL_MEASURES]),
  bands: z.array(bandSchema).min(1).optional(),
  levels: z.record(z.string(), points).optional(),
  /** Points when the measure's value is unknown and cannot be assumed; 0 by default. */
  unknownPoints: points.optional(),
});

const industrySchema = z.strictObject({
  fit: z.string().min(1),
  label: z.string().min(1).optional(),
  kwh: z.number().min(0),
  therms: z.number().min(0),
  sqft: z.number().int().positive(),
});

const ratesSchema = z.strictObject({ electricity: z.number().positive(), gas: z.number().positive() });
const stateSchema = ratesSchema.extend({ name: z.string().min(1) });

const baseSchema = z.strictObject({
  name: z.string().regex(/^[\w-]+$/, 'must be letters, digits, "-" or "_"'),
  description: z.string().default(''),
  savings: z.strictObject({ low: fraction, mid: fraction, high: fraction }),
  tiers: z.strictObject({ high: points, medium: points }),
  components: z.record(key, componentSchema),
  dataQuality: z.strictObject({ fields: z.partialRecord(z.enum(GAP_FIELDS), z.number().positive()) }),
  industries: z.record(key, industrySchema),
  industryAliases: z.record(key, z.array(z.string().min(1))).default({}),
  defaultIndustry: industrySchema.pick({ kwh: true, therms: true, sqft: true }),
  states: z.record(z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter state code'), stateSchema),
  defaultRates: ratesSchema,
  deregulated: z.array(z.string()).default([]),
  angles: z.record(key, z.string().min(1)),
});

type Path = (string | number)[];

/** The ICP profile block of `directives/icp.md`, validated. */
export const icpProfileSchema = baseSchema.superRefine((p, ctx) => {
  const issue = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path, message });
  const components = Object.entries(p.components);
  if (components.length === 0) issue(['components'], 'at least one component is required');
  const total = components.reduce((sum, [, c]) => sum + c.weight, 0);
  if (components.length > 0 && Math.abs(total - 1) > 1e-6) {
    issue(['components'], `weights must sum to 1 (they sum to ${Number(total.toFixed(6))})`);
  }
  for (const [id, c] of components) checkComponent(p, id, c, issue);
  if (!(p.tiers.medium > 0 && p.tiers.medium < p.tiers.high)) {
    issue(['tiers'], `need 0 < medium < high ≤ 100 (got medium ${p.tiers.medium}, high ${p.tiers.high})`);
  }
  if (!(p.savings.low <= p.savings.mid && p.savings.mid <= p.savings.high)) {
    issue(['savings'], 'need low ≤ mid ≤ high');
  }
  if (Object.keys(p.dataQuality.fields).length === 0) issue(['dataQuality', 'fields'], 'list at least one field');
  if (Object.keys(p.angles).length === 0) issue(['angles'], 'at least one angle is required');
  p.deregulated.forEach((code, i) => {
    if (!(code in p.states)) issue(['deregulated', i], `"${code}" is not in the states table`);
  });
  checkAliases(p, issue);
});

function checkComponent(
  p: z.output<typeof baseSchema>,
  id: string,
  c: z.output<typeof componentSchema>,
  issue: (path: Path, message: string) => void,
): void {
  const at = ['components', id];
  if ((NUMERIC_MEASURES as readonly string[]).includes(c.measure)) {
    if (!c.bands) {
      issue([...at, 'bands'], `measure ${c.measure} needs bands: [{ min, points }, ...]`);
      return;
    }
    if (c.bands[0]!.min !== 0) issue([...at, 'bands', 0, 'min'], 'the first band must start at 0');
    c.bands.forEach((band, i) => {
      const prev = c.bands![i - 1];
      if (prev && band.min <= prev.min) {
        issue([...at, 'bands', i, 'min'], `bands must be in ascending order of min (${band.min} ≤ ${prev.min})`);
      }
    });
    return;
  }
  if (!c.levels) {
    issue([...at, 'levels'], `measure ${c.measure} needs levels: { name: points, ... }`);
    return;
  }
  if (c.measure === 'deregulated') {
    for (const level of ['yes', 'no']) {
      if (!(level in c.levels)) issue([...at, 'levels', level], 'deregulated needs levels "yes" and "no"');
    }
  }
  if (c.measure === 'industry_fit') {
    for (const [industry, row] of Object.entries(p.industries)) {
      if (!(row.fit in c.levels)) {
        const known = Object.keys(c.levels).join(', ');
        issue(['industries', industry, 'fit'], `"${row.fit}" is not a level of ${id} (${known})`);
      }
    }
  }
}

function checkAliases(p: z.output<typeof baseSchema>, issue: (path: Path, message: string) => void): void {
  const owner = new Map<string, string>();
  for (const industry of Object.keys(p.industries)) owner.set(industryKey(industry), industry);
  for (const [industry, aliases] of Object.entries(p.industryAliases)) {
    if (!(industry in p.industries)) issue(['industryAliases', industry], `"${industry}" is not in industries`);
    aliases.forEach((alias, i) => {
      const k = industryKey(alias);
      const taken = owner.get(k);
      if (taken && taken !== industry) issue(['industryAliases', industry, i], `"${alias}" is also ${taken}`);
      else owner.set(k, industry);
    });
  }
}

export type IcpProfile = z.output<typeof icpProfileSchema>;
export type IcpComponent = IcpProfile['components'][string];
export type IcpIndustry = IcpProfile['industries'][string];

/** Canonical form of an industry name or alias: "Senior Living" / "senior-living" → "senior_living". */
export function industryKey(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * Loads and validates the ICP profile from `directives/<name>.md` (block ```yaml icp-profile).
 * @throws AppError('invalid_config') naming the field, AppError('not_found') when the directive is missing.
 */
export function loadIcpProfile(store: DirectiveStore, name = 'icp'): IcpProfile {
  return store.block(name, 'icp-profile', icpProfileSchema);
}
