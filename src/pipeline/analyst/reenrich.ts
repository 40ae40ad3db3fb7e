import type { CompanyPatch, CompanyRecord, CompanyRepo, NewCompany } from '../companies/ports.js';
import type { RunHandle } from '../runs/recorder.js';
import { detectGaps } from './estimate.js';
import type { GapField } from './profile.js';

/** Re-enrichment is asked at most this many times per company, ever. */
const MAX_REENRICH_ATTEMPTS = 2;

export type Reenrich = (company: CompanyRecord, gaps: string[]) => Promise<Partial<NewCompany> | undefined>;

export interface FillGapsDeps {
  companies: CompanyRepo;
  reenrich?: Reenrich;
  run: RunHandle;
  now: () => Date;
}

const FILLABLE = [
  'domain',
  'website',
  'address',
  'city',
  'state',
  'postalCode',
  'country',
  'phone',
  'employeeCount',
  'siteCount',
  'buildingSqft',
  'latitude',
  'longitude',
] as const;
const POSITIVE = new Set(['employeeCount', 'siteCount', 'buildingSqft']);

/** The part of a re-enrichment answer that fills empty fields; known values are never overwritten. */
function gapFill(company: CompanyRecord, found: Partial<NewCompany> | undefined): CompanyPatch {
  const patch: Record<string, unknown> = {};
  if (!found) return patch;
  for (const field of FILLABLE) {
    const current = company[field];
    if (current !== null && current !== '') continue;
    let value = found[field];
    if (value === null || value === undefined) continue;
    if (typeof value === 'string') {
      value = value.trim();
      if (value === '') continue;
      if (field === 'domain') value = value.toLowerCase();
    }
    if (typeof value === 'number' && (!Number.isFinite(value) || (POSITIVE.has(field) && value <= 0))) continue;
    patch[field] = value;
  }
  return patch as CompanyPatch;
}

/**
 * Asks re-enrichment to fill a company's data gaps while gaps remain and fewer than two attempts were made
 * (counting earlier runs). Each attempt is counted before the call, so a crash cannot grant a third.
 * Returns the company as it now stands and the attempt count.
 */
export async function fillGaps(
  start: CompanyRecord,
  priorAttempts: number,
  deps: FillGapsDeps,
  recordAttempt: (attempts: number, gaps: GapField[]) => void,
): Promise<{ company: CompanyRecord; attempts: number; gaps: GapField[] }> {
  let company = start;
  let attempts = priorAttempts;
  let gaps = detectGaps(company);
  while (gaps.length > 0 && deps.reenrich && attempts < MAX_REENRICH_ATTEMPTS) {
    attempts += 1;
    recordAttempt(attempts, gaps);
    const reenrich = deps.reenrich;
    const asked = [...gaps];
    let found: Partial<NewCompany> | undefined;
    try {
      found = await deps.run.step('analyst.reenrich', () => reenrich(company, asked), {
        kind: 'tool',
        input: { companyId: company.id, gaps: asked, attempt: attempts },
        summarize: (r) => (r ? `returned ${Object.keys(r).join(', ') || 'nothing'}` : 'nothing found'),
      });
    } catch {
      found = undefined; // recorded by run.step; the gap stays unknown
    }
    const patch = gapFill(company, found);
    if (patch.domain) {
      const owner = await deps.companies.findByDomain(patch.domain);
      if (owner && owner.id !== company.id) delete patch.domain;
    }
    if (Object.keys(patch).length > 0) company = await deps.companies.update(company.id, patch, deps.now());
    gaps = detectGaps(company);
  }
  return { company, attempts, gaps };
}
