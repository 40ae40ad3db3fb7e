import type { CompanyInfo, PipelineStatus } from '../agent/services.js';
import type { Container } from '../container/index.js';
import type { Lead, LeadFilter } from '../pipeline/companies/ports.js';
import type { ContactRecord } from '../pipeline/contacts/ports.js';
import type { CrmCompanyState } from '../pipeline/crm/check.js';
import { crmLocalKey } from '../pipeline/crm/ports.js';
import type { DraftListItem, DraftStatus, WinRateRow } from '../pipeline/drafts/ports.js';
import { storedIndustry } from '../pipeline/scout/industry.js';
import { industryContext } from '../pipeline/search/search-companies.js';
import { LISTED_DRAFT_STATUSES } from '../pipeline/statuses.js';
import type { Actor } from './actor.js';
import { collectDigest, type DigestData } from './digest/collect.js';
import { authorize, type PolicyDeps } from './policy.js';

/** What list_drafts shows without a status: every draft a person may still care about. */
const VISIBLE_DRAFTS: DraftStatus[] = [...LISTED_DRAFT_STATUSES];

export interface ReportDeps
  extends Pick<Container, 'repos' | 'outreach' | 'config' | 'directives' | 'now' | 'costs' | 'crm'> {
  policy: PolicyDeps;
}

/** Leads by status, industry (the user's words or a category key), place or id. */
export async function listLeads(filter: LeadFilter, actor: Actor, deps: ReportDeps): Promise<Lead[]> {
  await authorize(actor, 'read', deps.policy);
  const industry = filter.industry?.trim()
    ? storedIndustry(filter.industry, industryContext(deps.directives))
    : undefined;
  return deps.repos.companies.listLeads({ ...filter, industry });
}

/** The best match for a company name with its contacts and drafts, or undefined. */
export async function companyInfo(
  input: { name: string },
  actor: Actor,
  deps: ReportDeps,
): Promise<CompanyInfo | undefined> {
  await authorize(actor, 'read', deps.policy);
  const { companies, contacts, drafts } = deps.repos;
  const match = (await companies.searchByName(input.name, 1))[0];
  const lead = match ? (await companies.listLeads({ ids: [match.id], limit: 1 }))[0] : undefined;
  if (!lead) return undefined;
  return {
    lead,
    contacts: await contacts.listForCompany(lead.company.id),
    drafts: await drafts.list({ companyId: lead.company.id, limit: 20 }),
    crm: await companyCrm({ companyId: lead.company.id }, actor, deps),
  };
}

/** What the CRM knows of a company as leadbot last saw it: its lookup, the record linked, a write waiting. */
export async function companyCrm(
  input: { companyId: number },
  actor: Actor,
  deps: ReportDeps,
): Promise<CrmCompanyState | null> {
  await authorize(actor, 'read', deps.policy);
  if (!deps.crm) return null;
  const { provider, label } = deps.crm;
  const repo = deps.repos.crm;
  const key = crmLocalKey.company(input.companyId);
  const [check] = await repo.getChecks([input.companyId]);
  const link = await repo.getLink(provider, 'company', key);
  const write = await repo.getWrite(provider, key);
  return { crm: label, check, link, write: write && write.status !== 'done' ? write.status : undefined };
}

/** Companies whose names match (several candidates, for "did you mean"). */
export async function findCompanies(
  input: { name: string; limit?: number },
  actor: Actor,
  deps: ReportDeps,
): Promise<{ lead: Lead; contacts: ContactRecord[] }[]> {
  await authorize(actor, 'read', deps.policy);
  const { companies, contacts } = deps.repos;
  const matches = await companies.searchByName(input.name, input.limit ?? 6);
  const leads = await companies.listLeads({ ids: matches.map((m) => m.id), limit: matches.length });
  const found: { lead: Lead; contacts: ContactRecord[] }[] = [];
  for (const m of matches) {
    const lead = leads.find((l) => l.company.id === m.id);
    if (lead) found.push({ lead, contacts: await contacts.listForCompany(m.id) });
  }
  return found;
}

/** Drafts with their company and contact, newest first. */
export async function listDrafts(
  filter: { status?: DraftStatus[]; limit?: number; ids?: number[] },
  actor: Actor,
  deps: ReportDeps,
): Promise<DraftListItem[]> {
  await authorize(actor, 'read', deps.policy);
  return deps.repos.drafts.listForReview({
    ids: filter.ids,
    status: filter.status && filter.status.length > 0 ? filter.status : filter.ids ? undefined : VISIBLE_DRAFTS,
    limit: filter.limit ?? 20,
  });
}

/** Counts across the pipeline and what waits for a human. */
export async function pipelineStatus(actor: Actor, deps: ReportDeps): Promise<PipelineStatus> {
  await authorize(actor, 'read', deps.policy);
  const { companies, contacts, drafts, approvals, runs } = deps.repos;
  const { outreach } = deps.outreach;
  const leads = await companies.countByStatus();
  const byStatus = await drafts.countByStatus();
  // Lead requests are recorded when decided, so Gate 1 waits are counted from the leads themselves.
  const otherRequests = (await approvals.listPending({ limit: 10_000 })).filter(
    (r) => r.kind !== 'lead' && r.kind !== 'draft',
  );
  return {
    leads,
    contacts: await contacts.count(),
    drafts: byStatus,
    sent: await outreach.countEvents({ kind: ['send'], status: ['sent'] }),
    replies: await outreach.countEvents({ kind: ['reply', 'unsubscribe'] }),
    awaitingApproval: leads.pending + byStatus.pending + otherRequests.length,
    activeRuns: await runs.list({ limit: 10, status: ['queued', 'running'] }),
  };
}

/** The learning table for an industry (the user's words or a category), or all of it. */
export async function winRates(input: { industry?: string }, actor: Actor, deps: ReportDeps): Promise<WinRateRow[]> {
  await authorize(actor, 'read', deps.policy);
  if (!input.industry?.trim()) return deps.repos.winRates.all();
  return deps.repos.winRates.forIndustry(storedIndustry(input.industry, industryContext(deps.directives)));
}

/** What happened in a window and what waits (the digest's data; `formatDigest` words it). */
export async function digest(input: { sinceHours?: number }, actor: Actor, deps: ReportDeps): Promise<DigestData> {
  await authorize(actor, 'digest', deps.policy);
  const until = deps.now();
  const since = new Date(until.getTime() - (input.sinceHours ?? 24) * 3_600_000);
  return collectDigest(deps, { since, until });
}
