import type { CompanyRecord, CompanyRepo } from '../companies/ports.js';
import { findExistingCompany } from '../scout/dedupe.js';
import { normalizeName } from '../scout/normalize.js';
import type { CandidateCompany } from '../scout/ports.js';

/**
 * Stores new companies (status 'new', found by `runId`). A candidate that another run stored meanwhile is left
 * out rather than inserted twice.
 */
export async function insertCandidates(
  candidates: readonly CandidateCompany[],
  meta: { industry?: string; runId: string },
  deps: { companies: CompanyRepo; now: () => Date },
): Promise<CompanyRecord[]> {
  const at = deps.now();
  const out: CompanyRecord[] = [];
  const cityCache = new Map<string, CompanyRecord[]>();
  for (const c of candidates) {
    if (await findExistingCompany(c, deps.companies, cityCache)) continue;
    try {
      out.push(
        await deps.companies.insert(
          {
            ...c,
            industry: meta.industry ?? c.industry,
            normalizedName: normalizeName(c.name),
            status: 'new',
            foundByRunId: meta.runId,
          },
          at,
        ),
      );
    } catch (err) {
      if (!(c.domain && (await deps.companies.findByDomain(c.domain)))) throw err;
    }
  }
  return out;
}
