import type { Container } from '../container/index.js';
import { AppError } from '../errors.js';
import { type DecideLeadResult, decideLead as recordLeadDecision } from '../pipeline/approvals/decide-lead.js';
import type { ApprovalRecord } from '../pipeline/approvals/ports.js';
import type { CompanyRecord, Lead } from '../pipeline/companies/ports.js';
import type { ContactRecord } from '../pipeline/contacts/ports.js';
import { crmLabel, describeCrmCheck, needsOwnDecision } from '../pipeline/crm/check.js';
import type { CrmCheckRecord } from '../pipeline/crm/ports.js';
import { type Actor, deciderOf, personOf } from './actor.js';
import type { Flow } from './flow.js';
import { authorize, type PolicyDeps } from './policy.js';

export interface LeadDeps extends Pick<Container, 'repos' | 'tx' | 'now'> {
  policy: PolicyDeps;
  flow: Pick<Flow, 'leadDecided'>;
}

/** A lead as its card shows it: the lead, its Gate 1 request, and its chosen contact once enriched. */
export interface LeadCard {
  lead: Lead;
  approval: ApprovalRecord | undefined;
  contact: ContactRecord | undefined;
  /** Every contact found for the company (the card says when one came from another company's site). */
  contacts: ContactRecord[];
  /** What the CRM said before Gate 1 (absent without a CRM). */
  crm?: CrmCheckRecord;
}

/** The person deciding: agents and the system never reach a gate (the policy refuses them before this). */
function decider(actor: Actor) {
  const person = personOf(actor);
  if (!person || actor.kind === 'agent') throw new AppError('forbidden', 'Only a person can decide at a gate');
  return deciderOf(person);
}

/**
 * Gate 1 from any surface: records the decision and, when it changed something, starts what follows (an approved
 * lead is enriched and drafted; a search whose leads are all decided completes).
 * @throws AppError('forbidden') for someone who may not decide; ('not_found') / ('conflict') as decideLead does.
 */
export async function decideLead(
  input: {
    companyId: number;
    decision: 'approved' | 'rejected';
    reason?: string;
    /**
     * The person saw, and confirmed, that the CRM knows this company or could not be asked about it (the card's
     * confirmation dialog, `--confirm` in the CLI). Without it such a lead is not approved.
     */
    crmConfirmed?: boolean;
  },
  actor: Actor,
  deps: LeadDeps,
): Promise<DecideLeadResult> {
  await authorize(actor, 'decide_lead', deps.policy);
  if (input.decision === 'approved' && !input.crmConfirmed) await refuseUnconfirmedCrm(input.companyId, deps);
  const out = await recordLeadDecision(
    {
      companyId: input.companyId,
      decision: input.decision,
      actor: decider(actor),
      reason: input.reason?.trim() || undefined,
    },
    { companies: deps.repos.companies, approvals: deps.repos.approvals, tx: deps.tx, now: deps.now },
  );
  if (out.applied) await deps.flow.leadDecided(input.companyId, input.decision);
  return out;
}

/**
 * A pending lead the CRM knows (a customer, an owner, an open deal, a recent touch) or could not be asked about is
 * approved only by someone who confirmed it: contacting a colleague's customer is the failure a team notices.
 * @throws AppError('approval_required') saying what the CRM said; nothing was changed.
 */
async function refuseUnconfirmedCrm(companyId: number, deps: LeadDeps): Promise<void> {
  const [check] = await deps.repos.crm.getChecks([companyId]);
  if (!needsOwnDecision(check)) return;
  const company = await deps.repos.companies.get(companyId);
  if (company?.status !== 'pending') return;
  const crm = crmLabel(check!.provider);
  const what = describeCrmCheck(check!);
  const why =
    check!.outcome === 'failed'
      ? `was not checked against ${crm} (${check!.error ?? 'it could not be reached'})`
      : `is already in ${crm}${what ? `: ${what}` : ''}`;
  throw new AppError(
    'approval_required',
    `${company.name} (#${companyId}) ${why}. Approve it on its own card, which asks you to confirm, or with \`leadbot approve-lead ${companyId} --confirm\`; nothing was changed.`,
  );
}

/**
 * "Approve all high-tier": approves every lead among `companyIds` that is still pending and scored high.
 * Returns the ids it approved (a lead someone else decided meanwhile is left as they decided).
 */
export async function approveAllHigh(
  input: { companyIds: number[] },
  actor: Actor,
  deps: LeadDeps,
): Promise<{ approved: number[] }> {
  await authorize(actor, 'decide_lead', deps.policy);
  const ids = input.companyIds;
  const checks = new Map((await deps.repos.crm.getChecks(ids)).map((c) => [c.companyId, c]));
  // A company the CRM knows, or could not be asked about, is decided on its own card.
  const high = (await deps.repos.companies.listLeads({ ids, limit: ids.length })).filter(
    (l) => l.company.status === 'pending' && l.score?.tier === 'high' && !needsOwnDecision(checks.get(l.company.id)),
  );
  const approved: number[] = [];
  for (const lead of high) {
    const out = await decideLead({ companyId: lead.company.id, decision: 'approved' }, actor, deps);
    if (out.applied) approved.push(lead.company.id);
  }
  return { approved };
}

/** Lead cards for these ids, in order, read fresh from the database. */
export async function leadCards(ids: number[], deps: Pick<Container, 'repos'>): Promise<LeadCard[]> {
  const { companies, contacts, approvals } = deps.repos;
  const leads = await companies.listLeads({ ids, limit: ids.length });
  const checks = new Map((await deps.repos.crm.getChecks(ids)).map((c) => [c.companyId, c]));
  const cards: LeadCard[] = [];
  for (const id of ids) {
    const lead = leads.find((l) => l.company.id === id);
    if (!lead) continue;
    cards.push({
      lead,
      approval: await approvals.get('lead', String(id)),
      contact: await contacts.primaryFor(id),
      contacts: await contacts.listForCompany(id),
      crm: checks.get(id),
    });
  }
  return cards;
}

/** One company, or undefined. */
export async function getCompany(id: number, deps: Pick<Container, 'repos'>): Promise<CompanyRecord | undefined> {
  return deps.repos.companies.get(id);
}

/**
 * Records that these leads' cards were posted in a Slack message: their Gate 1 requests exist and point at it, so a
 * click anywhere (or after a restart) updates that message.
 */
export async function recordLeadCards(
  input: { companyIds: number[]; channel: string; ts: string },
  deps: Pick<Container, 'repos' | 'tx' | 'now'>,
): Promise<void> {
  const { approvals, companies } = deps.repos;
  await deps.tx(async () => {
    const at = deps.now();
    for (const id of input.companyIds) {
      const company = await companies.get(id);
      if (!company) continue;
      await approvals.request({ kind: 'lead', subjectId: String(id), runId: company.foundByRunId, at });
      await approvals.attachMessage('lead', String(id), input.channel, input.ts, at);
    }
  });
}

/** Where a lead's card was posted last, with the other leads on that message (to rebuild the page). */
export async function leadCardPage(
  companyId: number,
  deps: Pick<Container, 'repos'>,
): Promise<{ channel: string; ts: string; companyIds: number[] } | undefined> {
  const { approvals } = deps.repos;
  const approval = await approvals.get('lead', String(companyId));
  if (!approval?.slackChannel || !approval.slackTs) return undefined;
  const ids = (await approvals.listByMessage(approval.slackChannel, approval.slackTs))
    .filter((a) => a.kind === 'lead')
    .map((a) => Number(a.subjectId));
  return { channel: approval.slackChannel, ts: approval.slackTs, companyIds: ids.length > 0 ? ids : [companyId] };
}
