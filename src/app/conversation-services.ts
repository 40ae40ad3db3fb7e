import type { AgentPort } from '../agent/react/ports.js';
import { type AgentLlm, createAgentRunner } from '../agent/react/runner.js';
import type { LeadbotServices } from '../agent/services.js';
import type { Container } from '../container/index.js';
import type { DraftStatus } from '../pipeline/drafts/ports.js';
import { storedIndustry } from '../pipeline/scout/industry.js';
import { industryContext, requestFromTurn } from '../pipeline/search/search-companies.js';
import { collectDigest, formatDigest } from './digest/collect.js';
import { runStage } from './stages/run-stage.js';

const DAY_MS = 86_400_000;
/** What list_drafts shows without a status: every draft a person may still care about. */
const VISIBLE_DRAFTS: DraftStatus[] = ['pending', 'approved', 'sent', 'rejected'];

/**
 * The services behind the router's tier-2 intents and the agent's tools, over the app's repositories and stages.
 * Nothing here decides at a gate, sends without a recorded approval or suppresses: `requestApproval` only asks.
 */
export function createAppServices(app: Container): LeadbotServices {
  const { companies, contacts, drafts, approvals, runs, winRates } = app.repos;
  const { outreach } = app.outreach;
  const terms = () => industryContext(app.directives);
  return {
    searchCompanies: (args, ctx) => app.searchCompanies(requestFromTurn(args, ctx)),
    listLeads: (filter) =>
      companies.listLeads(filter.industry ? { ...filter, industry: storedIndustry(filter.industry, terms()) } : filter),
    companyInfo(name) {
      const match = companies.searchByName(name, 1)[0];
      const lead = match ? companies.listLeads({ ids: [match.id], limit: 1 })[0] : undefined;
      if (!lead) return undefined;
      return {
        lead,
        contacts: contacts.listForCompany(lead.company.id),
        drafts: drafts.list({ companyId: lead.company.id, limit: 20 }),
      };
    },
    listDrafts: (filter) =>
      drafts.listForReview({
        status: filter.status && filter.status.length > 0 ? filter.status : VISIBLE_DRAFTS,
        limit: filter.limit ?? 20,
      }),
    pipelineStatus() {
      const leads = companies.countByStatus();
      const byStatus = drafts.countByStatus();
      // Lead requests are recorded when decided, so Gate 1 waits are counted from the leads themselves.
      const otherRequests = approvals
        .listPending({ limit: 10_000 })
        .filter((r) => r.kind !== 'lead' && r.kind !== 'draft');
      return {
        leads,
        contacts: contacts.count(),
        drafts: byStatus,
        sent: outreach.countEvents({ kind: ['send'], status: ['sent'] }),
        replies: outreach.countEvents({ kind: ['reply', 'unsubscribe'] }),
        awaitingApproval: leads.pending + byStatus.pending + otherRequests.length,
        activeRuns: runs.list({ limit: 10, status: ['queued', 'running'] }),
      };
    },
    winRates: (industry) => (industry ? winRates.forIndustry(storedIndustry(industry, terms())) : winRates.all()),
    runStage: (stage, ctx) =>
      runStage(app, stage, {
        trigger: ctx.surface,
        requestedBy: ctx.userId,
        slackChannel: ctx.slackChannel ?? null,
        slackThreadTs: ctx.slackThreadTs ?? null,
        onRunStarted: ctx.onRunStarted,
      }),
    explainRun(runId) {
      const run = runs.get(runId);
      return run ? { run, logs: runs.logs(runId) } : undefined;
    },
    async digest() {
      const until = app.now();
      return formatDigest(collectDigest(app, { since: new Date(until.getTime() - DAY_MS), until }));
    },
    requestApproval: (input) => approvals.request({ ...input, at: app.now() }),
  };
}

/**
 * The tier-3 ReAct agent over these services (its tools reach only the read and gate-stopping ones). Pass it to
 * the conversation; without a reachable model it answers with the closest commands instead.
 */
export function createAppAgent(app: Container, services: LeadbotServices, llm: AgentLlm = app.llmService): AgentPort {
  return createAgentRunner({
    llm,
    services,
    recorder: app.recorder,
    directives: app.directives,
    maxModelCalls: app.config.llm.agentMaxModelCalls,
    timeoutMs: app.config.llm.timeoutMs,
    now: app.now,
  });
}
