import type { Container } from '../container/index.js';
import type { ImportRequest, ImportResult } from '../pipeline/import/ports.js';
import type { SearchRequest, SearchResult } from '../pipeline/search/search-companies.js';
import { type Actor, actorId } from './actor.js';
import { authorize, type PolicyDeps } from './policy.js';
import { type RunPlace, triggerOf } from './stages/use-case.js';

export interface SearchDeps extends Pick<Container, 'searchCompanies' | 'importCompanies' | 'notifier'> {
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
 * A CSV of companies, streamed: bad rows reported, duplicates left out, the new ones scored and waiting at Gate 1;
 * the surfaces are told once, with the summary (never a card per row).
 * @throws AppError('forbidden') for someone who may not import; ('invalid_input') for a file that is not a CSV.
 */
export async function importCompanies(
  input: Pick<ImportRequest, 'csv' | 'fileName' | 'industry' | 'onRunStarted'>,
  actor: Actor,
  deps: SearchDeps,
): Promise<ImportResult> {
  await authorize(actor, 'import_companies', deps.policy);
  const result = await deps.importCompanies({ ...input, trigger: triggerOf(actor), requestedBy: actorId(actor) });
  await announceImport(deps, result);
  return result;
}

/** Tells the surfaces an import ended: one summary (Slack posts one message), never the leads one by one. */
export async function announceImport(deps: Pick<Container, 'notifier'>, result: ImportResult): Promise<void> {
  await deps.notifier.emit('importFinished', {
    runId: result.runId,
    summary: result.summary,
    imported: result.imported,
    tiers: result.tiers,
  });
}
