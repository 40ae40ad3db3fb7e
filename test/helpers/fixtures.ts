import type { CompanyRepo, NewCompany } from '../../src/pipeline/companies/ports.js';

/** A sample company on an .example domain; override any field. */
export function sampleCompany(overrides: Partial<NewCompany> = {}): NewCompany {
  return {
    name: 'Lakeview Family Health',
    normalizedName: 'lakeview family health',
    domain: 'lakeviewfamilyhealth.example',
    website: 'https://lakeviewfamilyhealth.example',
    industry: 'healthcare',
    address: '120 Elmwood Ave',
    city: 'Buffalo',
    state: 'NY',
    postalCode: '14201',
    country: 'US',
    phone: '+1 716 555 0142',
    employeeCount: 140,
    siteCount: 3,
    buildingSqft: 42000,
    latitude: null,
    longitude: null,
    sources: ['sandbox'],
    sourceRefs: {},
    foundByRunId: null,
    ...overrides,
  };
}

/** Inserts a company and marks it scored and pending at Gate 1. */
export async function insertPendingLead(companies: CompanyRepo, overrides: Partial<NewCompany> = {}, score = 72) {
  const at = new Date('2026-11-25T09:00:00Z');
  const company = await companies.insert({ ...sampleCompany(overrides), status: 'pending' }, at);
  await companies.upsertScore(
    {
      companyId: company.id,
      runId: null,
      profile: 'utility-cost-audit',
      score,
      tier: score >= 70 ? 'high' : score >= 40 ? 'medium' : 'low',
      breakdown: {},
      scoreReason: 'A reason.',
      reasonSource: 'template',
    },
    at,
  );
  return company;
}
