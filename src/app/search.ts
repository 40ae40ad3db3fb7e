import type { Container } from '../container/index.js';
import type { ImportRequest, ImportResult } from '../pipeline/search/import-companies.js';
import type { SearchRequest, SearchResult } from '../pipeline/search/search-companies.js';
import { type Actor, actorId } from './actor.js';
import { authorize, type PolicyDeps } from './policy.js';
import { type RunPlace, triggerOf } from './stages/use-case.js';

export interface SearchDeps extends Pick<Container, 'searchCompanies' | 'importCompanies'> {
  policy: PolicyDeps;
}

export interface SearchInput extends RunPlace {
  /** The user's own words for what to find ("veterinary hospitals"). */
  industry: string;
  location: string;
  count: number;
  /** Company ids already shown in this conversation ("more" must bring new ones). */
  exclude?: number[];
}

/**
 * Scout + Analyst in one tracked run that stops at Gate 1 (any member of the team may search).
 * @throws AppError('forbidden') for a non-member; ('invalid_input') for a bad request (nothing is written).
 */
export async function searchCompanies(input: SearchInput, actor: Actor, deps: SearchDeps): Promise<SearchResult> {
  await authorize(actor, 'search', deps.policy);
  const request: SearchRequest = {
    industry: input.industry,
    location: input.location,
    count: input.count,
    exclude: input.exclude,
    trigger: triggerOf(actor),
    requestedBy: actorId(actor),
    slackChannel: input.slackChannel ?? null,
    slackThreadTs: input.slackThreadTs ?? null,
    onRunStarted: input.onRunStarted,
  };
  return deps.searchCompanies(request);
}

/**
 * A CSV of companies: bad rows reported, duplicates left out, the new ones scored and waiting at Gate 1.
 * @throws AppError('forbidden') for someone who may not import; ('invalid_input') for a file that is not a CSV.
 */
export async function importCompanies(
  input: Pick<ImportRequest, 'csv' | 'fileName' | 'industry' | 'onRunStarted'>,
  actor: Actor,
  deps: SearchDeps,
): Promise<ImportResult> {
  await authorize(actor, 'import_companies', deps.policy);
  return deps.importCompanies({ ...input, trigger: triggerOf(actor), requestedBy: actorId(actor) });
}
