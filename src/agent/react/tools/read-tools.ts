import { z } from 'zod';
import { LEAD_STATUSES, type Lead } from '../../../pipeline/companies/ports.js';
import { type CrmCompanyState, describeCrmState } from '../../../pipeline/crm/check.js';
import { DRAFT_STATUSES } from '../../../pipeline/drafts/ports.js';
import {
  formatContact,
  formatDraft,
  formatLead,
  formatLeads,
  formatRun,
  formatScore,
  formatStatus,
  formatWinRates,
} from '../format.js';
import { defineTool, findLead, type ToolScope } from './define.js';

const crmLine = (state: CrmCompanyState) => {
  const { text, url } = describeCrmState(state);
  return `CRM: ${text}${url ? ` (${url})` : ''}`;
};

const companyRef = z.string().min(1).describe('The company name (e.g. "Acme Health") or its id (e.g. "#12")');
const limit = (max: number, fallback: number) =>
  z.number().int().min(1).max(max).optional().describe(`How many to return, 1-${max} (default ${fallback})`);

/** Tools that read: nothing here changes state except search_companies, which adds new companies to review. */
export function readTools(scope: ToolScope) {
  const { services, collected } = scope;
  const remember = (leads: Lead[]) => {
    for (const lead of leads) collected.leads.set(lead.company.id, lead);
  };
  return [
    defineTool(
      scope,
      {
        name: 'search_companies',
        description:
          'Find NEW companies of an industry in a location and score them. Call it when the user wants more ' +
          'prospects; not to look at companies already found (use list_leads for that).',
        schema: z.object({
          industry: z.string().min(2).describe('Industry or kind of business, e.g. "healthcare", "law firms"'),
          location: z.string().min(2).describe('City with state or region, e.g. "Buffalo, NY"'),
          count: limit(100, 10),
        }),
      },
      async ({ industry, location, count }) => {
        const outcome = await services.searchCompanies({ industry, location, count: count ?? 10 }, scope.ctx);
        remember(outcome.leads);
        return `${outcome.summary} (run ${outcome.runId})\n${formatLeads(outcome.leads, 'No new companies found.')}`;
      },
    ),
    defineTool(
      scope,
      {
        name: 'list_leads',
        description:
          'List companies already found, best score first, optionally filtered. Call it to answer questions ' +
          'about existing leads: which are pending, the best ones in a city, how many in an industry.',
        schema: z.object({
          status: z.enum(LEAD_STATUSES).optional().describe('Only leads with this review status'),
          industry: z.string().optional().describe('Only this industry, e.g. "healthcare"'),
          location: z.string().optional().describe('Only this city or state, e.g. "Buffalo" or "NY"'),
          limit: limit(50, 10),
        }),
      },
      async ({ status, industry, location, limit: n }) => {
        const filter = { status: status ? [status] : undefined, industry, location, limit: n ?? 10 };
        const leads = await services.listLeads(filter, scope.ctx);
        remember(leads);
        return formatLeads(leads);
      },
    ),
    defineTool(
      scope,
      {
        name: 'explain_score',
        description: "Explain one lead's score: the Analyst's reason, the breakdown and the savings estimate.",
        schema: z.object({ company: companyRef }),
      },
      async ({ company }) => {
        const lead = await findLead(scope, company);
        return lead ? formatScore(lead) : `No company matches "${company}".`;
      },
    ),
    defineTool(
      scope,
      {
        name: 'company_info',
        description:
          "Show one company's profile with its contacts and email drafts. Call it for who-to-contact questions.",
        schema: z.object({ company: companyRef }),
      },
      async ({ company }) => {
        const lead = await findLead(scope, company);
        const info = lead && (await services.companyInfo(lead.company.name, scope.ctx));
        if (!lead || !info) return `No company matches "${company}".`;
        const contacts = info.contacts.map((c) => `- ${formatContact(c)}`);
        const drafts = info.drafts.map((d) => `- ${formatDraft(d)}`);
        const c = info.lead.company;
        return [
          formatLead(info.lead),
          `Website: ${c.website ?? 'unknown'} · phone ${c.phone ?? 'unknown'} · employees ${c.employeeCount ?? 'unknown'} · sites ${c.siteCount ?? 'unknown'}`,
          contacts.length > 0 ? `Contacts:\n${contacts.join('\n')}` : 'Contacts: none yet',
          drafts.length > 0 ? `Drafts:\n${drafts.join('\n')}` : 'Drafts: none yet',
          ...(info.crm ? [crmLine(info.crm)] : []),
        ].join('\n');
      },
    ),
    defineTool(
      scope,
      {
        name: 'list_drafts',
        description: 'List email drafts with their status and critic score. Call it for questions about drafts.',
        schema: z.object({
          status: z.enum(DRAFT_STATUSES).optional().describe('Only drafts with this status'),
          limit: limit(50, 10),
        }),
      },
      async ({ status, limit: n }) => {
        const drafts = await services.listDrafts({ status: status ? [status] : undefined, limit: n ?? 10 }, scope.ctx);
        return drafts.length === 0 ? 'No drafts match.' : drafts.map(formatDraft).join('\n');
      },
    ),
    defineTool(
      scope,
      {
        name: 'win_rates',
        description: 'Show reply rates per email angle, learned from sent emails. Call it for "what works" questions.',
        schema: z.object({ industry: z.string().optional().describe('Only this industry, e.g. "healthcare"') }),
      },
      async ({ industry }) => formatWinRates(await services.winRates(industry, scope.ctx)),
    ),
    defineTool(
      scope,
      {
        name: 'pipeline_status',
        description: 'Count leads, contacts, drafts, sends and replies, and list running jobs. Call it for overviews.',
        schema: z.object({}),
      },
      async () => formatStatus(await services.pipelineStatus(scope.ctx)),
    ),
    defineTool(
      scope,
      {
        name: 'explain_run',
        description: 'Explain what a run did, step by step, and why it failed if it did. Needs the run id.',
        schema: z.object({ runId: z.string().min(3).describe('The run id, e.g. "run_0mh2k3x1a9f2c1"') }),
      },
      async ({ runId }) => {
        const found = await services.explainRun(runId.trim(), scope.ctx);
        return found ? formatRun(found.run, found.logs) : `No run with id ${runId}.`;
      },
    ),
  ];
}
