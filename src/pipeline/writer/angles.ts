import { AppError } from '../../errors.js';
import type { CompanyFeatures, CompanyRecord } from '../companies/ports.js';
import type { WinRateRow } from '../drafts/ports.js';
import { type AngleChoice, chooseAngle } from '../learning/choose-angle.js';
import type { RandomSource } from '../learning/random.js';
import type { AngleDefinition } from './directive.js';

/**
 * The angles this company's facts allow: the multi-site angle only with more than one known site, the
 * deregulation angle only in a state known to be deregulated.
 */
export function allowedAngles(
  angles: readonly AngleDefinition[],
  company: Pick<CompanyRecord, 'siteCount'>,
  features: Pick<CompanyFeatures, 'deregulated'> | null,
): AngleDefinition[] {
  return angles.filter((a) => {
    if (a.requires === 'multi_site') return (company.siteCount ?? 1) > 1;
    if (a.requires === 'deregulated') return features?.deregulated === true;
    return true;
  });
}

/** The chosen angle with its definition, how it was chosen and why. */
export interface ChosenAngle {
  key: string;
  leadWith: string;
  mode: 'exploit' | 'explore' | 'fixed';
  reason: string;
}

/** Picks this company's angle from the win-rate table (see chooseAngle), among the allowed ones. */
function pickAngle(input: {
  allowed: readonly AngleDefinition[];
  industry: string;
  winRates: readonly WinRateRow[];
  random: RandomSource;
}): ChosenAngle {
  const choice: AngleChoice = chooseAngle(input.winRates, {
    industry: input.industry,
    angles: input.allowed.map((a) => a.key),
    random: input.random,
  });
  const def = input.allowed.find((a) => a.key === choice.angle)!;
  return { key: def.key, leadWith: def.leadWith, mode: choice.mode, reason: choice.reason };
}

/**
 * The angle for one company: `fixed` when a reviewer named it, otherwise a draw from the win-rate table among the
 * allowed angles (leaving out `exclude` when another angle is allowed).
 * @throws AppError('invalid_input') when the fixed angle is unknown or not allowed for this company.
 */
export function angleForCompany(input: {
  angles: readonly AngleDefinition[];
  company: Pick<CompanyRecord, 'name' | 'industry' | 'siteCount'>;
  features: Pick<CompanyFeatures, 'deregulated'> | null;
  winRates: readonly WinRateRow[];
  random: RandomSource;
  fixed?: { key: string; reason: string };
  exclude?: string;
}): { angle: ChosenAngle; allowed: AngleDefinition[] } {
  const allowed = allowedAngles(input.angles, input.company, input.features);
  if (input.fixed) {
    const def = allowed.find((a) => a.key === input.fixed!.key);
    if (!def)
      throw new AppError(
        'invalid_input',
        `Angle "${input.fixed.key}" is not allowed for ${input.company.name}; allowed: ${allowed.map((a) => a.key).join(', ')}`,
      );
    return { angle: { key: def.key, leadWith: def.leadWith, mode: 'fixed', reason: input.fixed.reason }, allowed };
  }
  const pool = allowed.length > 1 && input.exclude ? allowed.filter((a) => a.key !== input.exclude) : allowed;
  const angle = pickAngle({
    allowed: pool,
    industry: input.company.industry,
    winRates: input.winRates,
    random: input.random,
  });
  return { angle, allowed };
}
