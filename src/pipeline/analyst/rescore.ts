import type { LeadStatus } from '../companies/ports.js';
import type { RunHandle } from '../runs/recorder.js';
import { type AnalyzeDeps, type AnalyzeOutput, analyzeCompanies } from './analyze.js';

export interface RescoreInput {
  run: RunHandle;
  /** Which companies to re-score; by default those not yet decided at Gate 1 ('new' and 'pending'). */
  statuses?: LeadStatus[];
}

const PAGE = 500;

/**
 * Re-scores every company still waiting at Gate 1 with the current ICP profile (the `run_stage score` intent,
 * e.g. after a profile edit). Reasons are only re-narrated where the breakdown changed.
 * @throws AppError('invalid_config') for a bad profile, before anything is written.
 */
export async function rescoreCompanies(input: RescoreInput, deps: AnalyzeDeps): Promise<AnalyzeOutput> {
  const status = input.statuses ?? ['new', 'pending'];
  const ids: number[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await deps.companies.listLeads({ status, limit: PAGE, offset });
    ids.push(...page.map((lead) => lead.company.id));
    if (page.length < PAGE) break;
  }
  return analyzeCompanies({ companyIds: ids.sort((a, b) => a - b), run: input.run }, deps);
}
