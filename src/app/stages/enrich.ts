import type { Container } from '../../container/index.js';
import { type EnrichStageDeps, type EnrichStageOutcome, runEnrichStage } from '../../pipeline/enrichment/stage.js';
import { runFields } from './common.js';
import type { StageRequest } from './run-stage.js';

/**
 * The enrich stage: contacts for approved companies without one (or the given ones) through the provider waterfall.
 * @throws AppError('not_found') when none of the given company ids exists; ('invalid_config') for a bad directive.
 */
export function runEnrich(app: Container, request: StageRequest): Promise<EnrichStageOutcome> {
  return runEnrichStage(
    { ...runFields(request), companyIds: request.companyIds, onRunStarted: request.onRunStarted },
    enrichDeps(app),
  );
}

/** The enrichment stage's dependencies from the app (a new run, or one continued after an interruption). */
export function enrichDeps(app: Container): EnrichStageDeps {
  return {
    companies: app.repos.companies,
    contacts: app.repos.contacts,
    recorder: app.recorder,
    providerState: app.repos.providerState,
    directives: app.directives,
    enrichment: app.enrichment,
    requireVerifiedGuesses: app.config.pipeline.requireVerifiedGuesses,
    spend: app.costs.paid,
    now: app.now,
  };
}
