import type { TurnContext } from '../../../src/agent/ports.js';
import type { LeadbotServices, SearchArgs } from '../../../src/agent/services.js';
import { AppError } from '../../../src/errors.js';
import type { ApprovalRecord } from '../../../src/pipeline/approvals/ports.js';
import type { Lead, LeadFilter } from '../../../src/pipeline/companies/ports.js';

function fakeLead(id: number, name: string, industry = 'healthcare', city = 'Buffalo'): Lead {
  const at = new Date('2026-11-25T09:00:00Z');
  return {
    company: {
      id,
      name,
      normalizedName: name.toLowerCase(),
      domain: `${name.toLowerCase().replace(/\W+/g, '')}.example`,
      website: null,
      industry,
      address: null,
      city,
      state: 'NY',
      postalCode: null,
      country: 'US',
      phone: null,
      employeeCount: null,
      siteCount: null,
      buildingSqft: null,
      latitude: null,
      longitude: null,
      sources: ['sandbox'],
      sourceRefs: {},
      status: 'pending',
      foundByRunId: null,
      createdAt: at,
      updatedAt: at,
    },
    score: {
      companyId: id,
      runId: null,
      profile: 'test',
      score: 70,
      tier: 'high',
      breakdown: {},
      scoreReason: 'A reason.',
      reasonSource: 'template',
    },
    features: null,
  };
}

/**
 * Services over an in-memory directory: every (industry, location) has 30 numbered companies; a search returns the
 * first `count` not excluded. Records every call.
 */
export function fakeServices() {
  const calls: { method: string; args: unknown }[] = [];
  const approvals: ApprovalRecord[] = [];
  const directory = new Map<string, Lead[]>();
  let nextId = 1;
  const companiesFor = (industry: string, location: string) => {
    const key = `${industry}|${location}`;
    if (!directory.has(key)) {
      directory.set(
        key,
        Array.from({ length: 30 }, (_v, i) =>
          fakeLead(nextId++, `${location} ${industry} ${i + 1}`, industry, location),
        ),
      );
    }
    return directory.get(key)!;
  };
  const all = () => [...directory.values()].flat();
  const services: LeadbotServices = {
    async searchCompanies(args: SearchArgs, _ctx: TurnContext) {
      calls.push({ method: 'searchCompanies', args });
      const exclude = new Set(args.exclude ?? []);
      const leads = companiesFor(args.industry, args.location)
        .filter((l) => !exclude.has(l.company.id))
        .slice(0, args.count);
      return { runId: `run_${calls.length}`, leads, summary: `${leads.length} of ${args.count} found` };
    },
    async listLeads(filter: LeadFilter) {
      calls.push({ method: 'listLeads', args: filter });
      let leads = all();
      if (filter.ids) leads = leads.filter((l) => filter.ids!.includes(l.company.id));
      if (filter.status) leads = leads.filter((l) => filter.status!.includes(l.company.status));
      return leads.slice(0, filter.limit ?? 10);
    },
    async companyInfo(name) {
      calls.push({ method: 'companyInfo', args: name });
      const lead = all().find((l) => l.company.name.toLowerCase() === name.toLowerCase());
      return lead ? { lead, contacts: [], drafts: [], crm: null } : undefined;
    },
    async listDrafts(filter) {
      calls.push({ method: 'listDrafts', args: filter });
      return [];
    },
    async pipelineStatus() {
      calls.push({ method: 'pipelineStatus', args: undefined });
      return {
        leads: { pending: all().length },
        contacts: 0,
        drafts: {},
        sent: 0,
        replies: 0,
        awaitingApproval: 0,
        activeRuns: [],
      };
    },
    async winRates(industry) {
      calls.push({ method: 'winRates', args: industry });
      return [{ industry: 'healthcare', angle: 'cost_savings', sent: 10, replies: 3, positiveReplies: 1 }];
    },
    async runStage(stage) {
      calls.push({ method: 'runStage', args: stage });
      if (stage === 'outreach') throw new AppError('not_found', 'outreach is not available yet');
      return { runId: 'run_stage', summary: `${stage}: done` };
    },
    explainRun: async () => undefined,
    async digest() {
      calls.push({ method: 'digest', args: undefined });
      return '*Digest*: nothing new.';
    },
    async requestApproval(input, ctx) {
      calls.push({ method: 'requestApproval', args: input });
      const at = new Date('2026-11-25T09:00:00Z');
      const record: ApprovalRecord = {
        id: approvals.length + 1,
        kind: input.kind,
        subjectId: input.subjectId,
        runId: input.runId ?? null,
        status: 'pending',
        requestedBy: ctx.actor.kind === 'agent' ? 'agent' : ctx.userId,
        payload: input.payload ?? {},
        decidedBy: null,
        decidedByName: null,
        decidedAt: null,
        decisionSource: null,
        reason: null,
        slackChannel: null,
        slackTs: null,
        createdAt: at,
        updatedAt: at,
      };
      approvals.push(record);
      return record;
    },
  };
  return { services, calls, approvals, of: (method: string) => calls.filter((c) => c.method === method) };
}
