import { isAppError } from '../../errors.js';
import { escapeLine, escapeMrkdwn, mrkdwnLink } from '../../mrkdwn/escape.js';
import type { Lead, LeadStatus } from '../../pipeline/companies/ports.js';
import { describeCrmState } from '../../pipeline/crm/check.js';
import type { DraftStatus } from '../../pipeline/drafts/ports.js';
import type { Reply, TurnContext } from '../ports.js';
import type { RouteArgs } from '../router/types.js';
import type { LeadbotServices } from '../services.js';
import { formatDrafts, formatLeads, formatStatus, formatWinRates } from './format.js';
import type { ConversationState } from './memory.js';

/** A reply plus what the conversation should remember about it. */
export interface Dispatched {
  reply: Reply;
  /** Leads shown, in order (replaces the remembered list when set). */
  shown?: Lead[];
  /** The search that ran (for "more" and "what about X?"). */
  search?: { industry: string; location: string; count: number };
}

const DEFAULT_LIMIT = 10;

function sameSearch(state: ConversationState, args: RouteArgs): boolean {
  const last = state.lastSearch;
  return !!last && last.industry === args.industry && last.location === args.location;
}

/**
 * Calls the service behind a tier-2 intent and words the answer. Expected failures (a stage not built yet, nothing
 * found) become plain answers; nothing here approves, sends or suppresses — those become approval requests.
 */
export async function dispatchIntent(
  intent: string,
  args: RouteArgs,
  ctx: TurnContext,
  state: ConversationState,
  services: LeadbotServices,
): Promise<Dispatched> {
  try {
    return await run(intent, args, ctx, state, services);
  } catch (err) {
    if (isAppError(err)) return { reply: { text: `:warning: ${escapeLine(err.message)}` } };
    throw err;
  }
}

async function run(
  intent: string,
  args: RouteArgs,
  ctx: TurnContext,
  state: ConversationState,
  services: LeadbotServices,
): Promise<Dispatched> {
  switch (intent) {
    case 'search_companies': {
      const search = { industry: args.industry!, location: args.location!, count: args.count ?? DEFAULT_LIMIT };
      const exclude = sameSearch(state, args) ? state.searchShownIds : [];
      const out = await services.searchCompanies({ ...search, exclude }, ctx);
      const more = out.leads.length > 0 ? '\nSay `more` for the next ones, or approve with the buttons.' : '';
      const text = formatLeads(out.leads, `*${escapeLine(out.summary)}*`) + more;
      return { reply: { text, leads: out.leads, runId: out.runId, data: out }, shown: out.leads, search };
    }
    case 'list_leads': {
      const leads = await services.listLeads(
        {
          status: args.status ? [args.status as LeadStatus] : undefined,
          industry: args.industry,
          location: args.location,
          limit: args.limit ?? DEFAULT_LIMIT,
        },
        ctx,
      );
      const what = escapeLine([args.status, args.industry?.replace(/_/g, ' '), 'leads'].filter(Boolean).join(' '));
      const heading = `*${leads.length} ${what}${args.location ? ` in ${escapeLine(args.location)}` : ''}*`;
      return { reply: { text: formatLeads(leads, heading), leads, data: { leads } }, shown: leads };
    }
    case 'list_drafts': {
      const drafts = await services.listDrafts(
        {
          status: args.status ? [args.status as DraftStatus] : undefined,
          limit: args.limit ?? DEFAULT_LIMIT,
        },
        ctx,
      );
      const heading = `*${drafts.length} ${args.status ? `${escapeLine(args.status)} ` : ''}drafts*`;
      return { reply: { text: formatDrafts(drafts, heading), draftIds: drafts.map((d) => d.id), data: { drafts } } };
    }
    case 'pipeline_status': {
      const status = await services.pipelineStatus(ctx);
      return { reply: { text: formatStatus(status), data: status } };
    }
    case 'win_rates': {
      const rows = await services.winRates(args.industry, ctx);
      return { reply: { text: formatWinRates(rows, args.industry), data: { rows } } };
    }
    case 'run_stage': {
      const out = await services.runStage(args.stage!, ctx);
      return { reply: { text: escapeMrkdwn(out.summary), runId: out.runId, data: out.data } };
    }
    case 'company_info': {
      const info = await services.companyInfo(args.company!, ctx);
      if (!info) return { reply: { text: `I don't know a company called “${escapeLine(args.company!)}” yet.` } };
      const lines = [formatLeads([info.lead], `*${escapeLine(info.lead.company.name)}*`)];
      if (info.lead.score?.scoreReason) lines.push(`_${escapeLine(info.lead.score.scoreReason)}_`);
      lines.push(`Contacts: ${info.contacts.length} · Drafts: ${info.drafts.length}`);
      if (info.crm) {
        const { text, url } = describeCrmState(info.crm);
        lines.push(`:office: ${url ? mrkdwnLink(url, text) : escapeLine(text)}`);
      }
      return { reply: { text: lines.join('\n'), leads: [info.lead], data: info }, shown: [info.lead] };
    }
    case 'digest':
      return { reply: { text: await services.digest(ctx) } };
    case 'suppress': {
      const request = await services.requestApproval(
        { kind: 'suppress', subjectId: args.target!, payload: { target: args.target } },
        ctx,
      );
      const text = `Confirm: never email *${escapeLine(args.target!)}* again? Nothing changes until you confirm.`;
      return { reply: { text, approvalRequestIds: [request.id] } };
    }
    case 'request_approval':
      return requestApprovals(args, ctx, services);
    default:
      return { reply: { text: `I can't do “${escapeLine(intent)}” yet.` } };
  }
}

/** "approve the first two": approval requests for a human to confirm with buttons — never a decision. */
async function requestApprovals(args: RouteArgs, ctx: TurnContext, services: LeadbotServices): Promise<Dispatched> {
  const ids = args.ids ?? [];
  const found = await services.listLeads({ ids, limit: ids.length }, ctx);
  const leads = ids.flatMap((id) => found.filter((l) => l.company.id === id));
  if (leads.length === 0)
    return { reply: { text: 'Those leads are no longer there; show them again and pick by number.' } };
  const verb = args.decision === 'reject' ? 'reject' : 'approve';
  const requests = [];
  for (const l of leads)
    requests.push(
      await services.requestApproval(
        { kind: 'lead', subjectId: String(l.company.id), payload: { proposed: verb } },
        ctx,
      ),
    );
  const names = leads.map((l) => `*${escapeLine(l.company.name)}*`).join(', ');
  const text = `To ${verb} ${names}, confirm with the buttons below — I don't decide for you.`;
  return { reply: { text, leads, approvalRequestIds: requests.map((r) => r.id), data: { decision: verb, ids } } };
}
