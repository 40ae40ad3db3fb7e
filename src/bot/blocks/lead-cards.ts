import { formatMoney } from '../../pipeline/analyst/format.js';
import type { ApprovalRecord } from '../../pipeline/approvals/ports.js';
import type { Lead, Tier } from '../../pipeline/companies/ports.js';
import type { ContactRecord } from '../../pipeline/contacts/ports.js';
import { crmLabel, describeCrmCheck, needsOwnDecision } from '../../pipeline/crm/check.js';
import type { CrmCheckRecord } from '../../pipeline/crm/ports.js';
import { describeVerification } from '../../pipeline/enrichment/format.js';
import { foundOffSite } from '../../pipeline/enrichment/off-site.js';
import { actions, type Block, context, divider, escLine, industryLabel, mrkdwnLink, section } from './common.js';
import { decisionMrkdwn } from './decision.js';

/** Cards per message: at most 4 blocks each, with dividers 49, under Block Kit's 50. */
const CARDS_PER_PAGE = 10;

export const LEAD_ACTIONS = {
  approve: 'lead_approve',
  reject: 'lead_reject',
  approveAllHigh: 'lead_approve_all_high',
} as const;

/** What one card shows: the lead, its Gate 1 decision (if any) and the chosen contact once enriched. */
export interface LeadCard {
  lead: Lead;
  approval?: ApprovalRecord;
  contact?: ContactRecord;
  /** Every contact stored for the company: those found on another company's site are named, as never used. */
  contacts?: ContactRecord[];
  /** What the CRM said before Gate 1. */
  crm?: CrmCheckRecord;
}

const TIER_BADGE: Record<Tier, string> = {
  high: ':large_green_circle: High',
  medium: ':large_yellow_circle: Medium',
  low: ':white_circle: Low',
};

/** `████████░░` for a 0–100 score. */
function scoreBar(score: number): string {
  const filled = Math.max(0, Math.min(10, Math.round(score / 10)));
  return `\`${'█'.repeat(filled)}${'░'.repeat(10 - filled)}\``;
}

function savings(lead: Lead): string | undefined {
  const f = lead.features;
  if (!f || f.savingsLow === null || f.savingsHigh === null) return undefined;
  return `est. savings ${formatMoney(f.savingsLow)}–${formatMoney(f.savingsHigh)}/yr`;
}

/** The industry as the profile sees it: "outside your profile" when no ICP category fits, a broader search said. */
function industryNote(lead: Lead): string | undefined {
  const inputs = (lead.score?.breakdown as { inputs?: { industryKey?: string | null } } | undefined)?.inputs;
  const notes = [
    inputs && inputs.industryKey === null ? 'outside your profile' : undefined,
    lead.company.sourceRefs?.broader ? `broader search: ${escLine(lead.company.sourceRefs.broader)}` : undefined,
  ].filter(Boolean);
  return notes.length > 0 ? `_${notes.join(' · ')}_` : undefined;
}

/** ":office: In HubSpot: customer since 2024 · owner Dana" (linked to the record), or that it was not checked. */
export function crmLine(check: CrmCheckRecord | undefined): string | undefined {
  if (!check) return undefined;
  const label = crmLabel(check.provider);
  if (check.outcome === 'failed') return `:warning: _Not checked against ${label}_`;
  if (!check.crmCompanyId) return undefined;
  const what = describeCrmCheck(check);
  const icon = check.outcome === 'known' ? ':no_entry:' : ':office:';
  return `${icon} In ${mrkdwnLink(check.url, label)}${what ? `: ${escLine(what)}` : ''}`;
}

/** The card's text: name, industry, place, score bar, tier, savings, the Analyst's one-sentence reason, the CRM. */
export function leadCardText(lead: Lead, crm?: CrmCheckRecord): string {
  const c = lead.company;
  const place = [c.city, c.state].filter(Boolean).join(', ');
  const name = mrkdwnLink(c.website, c.name);
  const head = [`*${name}*`, industryLabel(c.industry), industryNote(lead), place && escLine(place)]
    .filter(Boolean)
    .join(' · ');
  const lines = [head];
  if (lead.score) {
    const parts = [`${scoreBar(lead.score.score)} *${lead.score.score}*`, TIER_BADGE[lead.score.tier], savings(lead)];
    lines.push(parts.filter(Boolean).join(' · '));
    if (lead.score.scoreReason) lines.push(`_${escLine(lead.score.scoreReason)}_`);
  } else lines.push('_Not scored yet_');
  const inCrm = crmLine(crm);
  if (inCrm) lines.push(inCrm);
  return lines.join('\n');
}

function decisionLine(approval: ApprovalRecord, timeZone: string): string {
  const icon = approval.status === 'approved' ? ':white_check_mark:' : ':x:';
  return `${icon} ${decisionMrkdwn(approval, timeZone)}`;
}

function contactLine(contact: ContactRecord): string {
  const who = [contact.fullName, contact.title].filter(Boolean).map((s) => escLine(String(s)));
  const email = contact.email ? ` · ${escLine(contact.email)} (${describeVerification(contact)})` : '';
  return `:bust_in_silhouette: ${who.join(', ') || 'Contact'}${email} · source: ${escLine(contact.source)}`;
}

/** "Not used: Dana Whitfield (found on acme-group.example, not acme.example)" for contacts from another site. */
function offSiteLine(card: LeadCard): string | undefined {
  const domain = card.lead.company.domain;
  const found = (card.contacts ?? []).flatMap((c) => {
    const where = foundOffSite(c, domain);
    return where && c.id !== card.contact?.id ? [{ c, where }] : [];
  });
  if (found.length === 0 || !domain) return undefined;
  const shown = found
    .slice(0, 3)
    .map(({ c, where }) => `${escLine(c.fullName ?? c.email ?? 'a contact')} (found on ${escLine(where)})`);
  const more = found.length > shown.length ? ` and ${found.length - shown.length} more` : '';
  return `:warning: Not used as the contact, found on another site than ${escLine(domain)}: ${shown.join(', ')}${more}`;
}

/** One card: 2–4 blocks. Pending leads get Approve / Reject; decided ones say who decided and when. */
export function buildLeadCardBlocks(card: LeadCard, timeZone: string): Block[] {
  const id = card.lead.company.id;
  const blocks: Block[] = [section(leadCardText(card.lead, card.crm), `lead:${id}:info`)];
  const decided = card.approval && card.approval.status !== 'pending' && card.approval.decidedAt;
  const status = card.lead.company.status;
  if (decided) blocks.push(context(decisionLine(card.approval!, timeZone), `lead:${id}`));
  else if (status === 'pending')
    blocks.push(
      actions(`lead:${id}`, [
        {
          text: 'Approve',
          actionId: LEAD_ACTIONS.approve,
          value: String(id),
          style: 'primary',
          ...(needsOwnDecision(card.crm) ? { confirm: crmConfirm(card.crm!) } : {}),
        },
        { text: 'Reject', actionId: LEAD_ACTIONS.reject, value: String(id), style: 'danger' },
      ]),
    );
  else blocks.push(context(`Status: ${status}`, `lead:${id}`));
  if (card.contact) blocks.push(context(contactLine(card.contact), `lead:${id}:contact`));
  const offSite = offSiteLine(card);
  if (offSite) blocks.push(context(offSite, `lead:${id}:offsite`));
  return blocks;
}

/**
 * Approving a company the CRM could not be asked about, or one it already knows (a colleague's customer, owner,
 * deal or recent touch), is confirmed first; the decision then says it was confirmed.
 */
function crmConfirm(check: CrmCheckRecord) {
  const label = crmLabel(check.provider);
  if (check.outcome === 'failed')
    return {
      title: 'Approve without the CRM?',
      text: `${label} could not be reached, so leadbot does not know whether a colleague already works with this company. Approve anyway?`,
      confirm: 'Approve',
    };
  const what = describeCrmCheck(check);
  return {
    title: `Already in ${label}`,
    text: `${label} knows this company${what ? ` (${escLine(what)})` : ''}: a colleague may already work with it. Approve and contact it anyway?`,
    confirm: 'Approve anyway',
  };
}

/** A page of cards separated by dividers (at most CARDS_PER_PAGE). */
export function buildLeadPageBlocks(cards: LeadCard[], timeZone: string): Block[] {
  return cards.flatMap((card, i) => [...(i > 0 ? [divider()] : []), ...buildLeadCardBlocks(card, timeZone)]);
}

/** The lead ids a posted page holds, read back from its block ids (`lead:<id>:info`). */
export function leadIdsInBlocks(blocks: readonly { block_id?: string }[] | undefined): number[] {
  const ids: number[] = [];
  for (const b of blocks ?? []) {
    const m = /^lead:(\d+):info$/.exec(b.block_id ?? '');
    if (m) ids.push(Number(m[1]));
  }
  return ids;
}

/** Splits cards into pages that fit in one message each. */
export function paginate<T>(items: readonly T[], size = CARDS_PER_PAGE): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += size) pages.push(items.slice(i, i + size));
  return pages;
}

/** What the "Approve all high-tier" button carries: each page message and its lead ids. */
export interface BatchRef {
  channel: string;
  pages: { ts: string; ids: number[] }[];
}

/** The batch footer: how many high-tier leads wait, and one button to approve them all. */
export function buildBatchBlocks(pendingHigh: number, total: number, value: string, done?: string): Block[] {
  if (done) return [context(done, 'lead_batch')];
  if (pendingHigh === 0) return [context(`${total} lead${total === 1 ? '' : 's'} above · no high-tier lead waiting.`)];
  return [
    section(`*${pendingHigh}* high-tier lead${pendingHigh === 1 ? '' : 's'} waiting for a decision.`),
    actions('lead_batch', [
      {
        text: `Approve all high-tier (${pendingHigh})`,
        actionId: LEAD_ACTIONS.approveAllHigh,
        value,
        style: 'primary',
        confirm: {
          title: 'Approve high-tier leads?',
          text: `Approve the ${pendingHigh} high-tier lead${pendingHigh === 1 ? '' : 's'} still waiting? Contacts are looked up next.`,
          confirm: 'Approve all',
        },
      },
    ]),
  ];
}
