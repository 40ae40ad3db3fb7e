import type { NewCompany } from '../companies/ports.js';
import type { DirectiveStore } from '../directives/store.js';
import { featuresFrom, loadAnalystSettings } from './analyze.js';
import { loadNarrationPrompts, templateReason } from './narrate.js';
import { loadIcpProfile } from './profile.js';
import { scoreCompany } from './score.js';

/**
 * The Analyst for many companies at once (imports): the same deterministic score, tier, breakdown and features as
 * `analyzeCompanies`, with the directive's template reason. No model call and no vendor lookup per company: gaps are
 * filled later, per approved lead, by enrichment.
 * @throws AppError('invalid_config') for a bad profile or analyst directive, before anything is scored.
 */
export function createBatchScorer(directives: DirectiveStore, runId: string) {
  const profile = loadIcpProfile(directives, loadAnalystSettings(directives).profile);
  const { template } = loadNarrationPrompts(directives);
  return (company: NewCompany) => {
    const result = scoreCompany(company, profile);
    const { companyId: _none, ...features } = featuresFrom(0, result, 0);
    return {
      features,
      score: {
        runId,
        profile: profile.name,
        score: result.score,
        tier: result.tier,
        breakdown: result.breakdown as unknown as Record<string, unknown>,
        scoreReason: templateReason(template, company, result.breakdown),
        reasonSource: 'template' as const,
      },
    };
  };
}
