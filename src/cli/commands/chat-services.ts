import type { LeadbotServices } from '../../agent/services.js';
import type { App } from '../../compose.js';
import { AppError } from '../../errors.js';

const unavailable = (what: string) => () => {
  throw new AppError('not_found', `${what} is not available in this build yet.`);
};

/**
 * LeadbotServices over what this build's app has (companies, approvals, runs). Stages wired in later (Scout's
 * search, drafts, win rates, stages, digest) answer with a clear "not available in this build" instead of results.
 * Pass `overrides` to plug real services in (the composition root does this as stages land).
 */
export function createAppServices(app: App, overrides: Partial<LeadbotServices> = {}): LeadbotServices {
  const { companies, approvals, runs } = app.repos;
  const base: LeadbotServices = {
    searchCompanies: () => Promise.reject(new AppError('not_found', 'Search is not available in this build yet.')),
    listLeads: (filter) => companies.listLeads(filter),
    companyInfo(name) {
      const match = companies.searchByName(name, 1)[0];
      const lead = match ? companies.listLeads({ ids: [match.id], limit: 1 })[0] : undefined;
      return lead ? { lead, contacts: [], drafts: [] } : undefined;
    },
    listDrafts: unavailable('Listing drafts'),
    pipelineStatus: () => ({
      leads: companies.countByStatus(),
      contacts: 0,
      drafts: {},
      sent: 0,
      replies: 0,
      awaitingApproval: approvals.listPending().length,
      activeRuns: runs.list({ limit: 10, status: ['queued', 'running', 'awaiting_approval'] }),
    }),
    winRates: unavailable('The win-rate table'),
    runStage: (stage) =>
      Promise.reject(new AppError('not_found', `The ${stage} stage is not available in this build yet.`)),
    explainRun(runId) {
      const run = runs.get(runId);
      return run ? { run, logs: runs.logs(runId) } : undefined;
    },
    digest: () => Promise.reject(new AppError('not_found', 'The digest is not available in this build yet.')),
    requestApproval: (input) => approvals.request({ ...input, at: app.now() }),
  };
  return { ...base, ...overrides };
}
