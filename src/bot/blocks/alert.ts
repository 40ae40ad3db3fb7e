import type { CrmDealRef } from '../../app/surface-state.js';
import type { ComplaintAlert } from '../../pipeline/tracker/complaint.js';
import type { HotLeadAlert } from '../../pipeline/tracker/ingest.js';
import { type Block, clip, context, esc, escLine, mrkdwnLink, section } from './common.js';

/** "Pat Example, CFO (pat@acme.example)": every part is data, shown as text. */
function who(a: HotLeadAlert): string {
  const title = a.contactTitle ? `, ${escLine(a.contactTitle)}` : '';
  return `${escLine(a.contactName)}${title} (${escLine(a.contactEmail)})`;
}

/** The alert's CRM line: a deal being opened (`deal` undefined) or the deal opened, linked. */
type HotLeadDeal = CrmDealRef;

function dealLine({ crm, deal }: HotLeadDeal): string {
  if (!deal) return `:hourglass_flowing_sand: Opening a deal in ${escLine(crm)} with a task for the owner…`;
  return `:handshake: ${mrkdwnLink(deal.url, `Deal in ${crm}`)} opened, with a task for the owner`;
}

/**
 * A hot lead: who replied, from which company, what they said, and a suggested response; with a CRM, the deal
 * leadbot opens for it (linked once it is open).
 */
export function buildHotLeadBlocks(a: HotLeadAlert, deal?: HotLeadDeal): Block[] {
  const quote = esc(clip(a.reply.trim(), 1200))
    .split('\n')
    .map((l) => `>${l}`)
    .join('\n');
  return [
    section(`:fire: *Hot lead: ${escLine(a.companyName)}*\n${who(a)} replied to “${escLine(a.subject)}”`),
    section(quote || '>(empty reply)'),
    section(`*Suggested response*\n${esc(clip(a.suggestedResponse, 1500))}`),
    ...(deal ? [section(dealLine(deal))] : []),
    context(`Sequence #${a.sequenceId} stopped · reply in your mailbox, in the same thread`),
  ];
}

/** The notification text (also rendered by Slack): data escaped. */
export const hotLeadText = (a: HotLeadAlert) =>
  `Hot lead: ${escLine(a.contactName)} at ${escLine(a.companyName)} replied`;

/** A spam complaint from a feedback loop: who, and what leadbot already did about it. Data escaped. */
export function buildComplaintBlocks(a: ComplaintAlert): Block[] {
  const who = a.address ? escLine(a.address) : 'an address the report does not name';
  const at = a.companyName ? ` at ${escLine(a.companyName)}` : '';
  return [
    section(`:rotating_light: *Spam complaint* from ${who}${at}`),
    context(
      `${escLine(a.reason)} · ${a.address ? 'suppressed' : 'nothing suppressed'} · ${a.sequencesStopped} sequence(s) stopped · event #${a.eventId}`,
    ),
  ];
}

/** The notification text (also rendered by Slack): data escaped. */
export const complaintText = (a: ComplaintAlert) =>
  `Spam complaint from ${a.address ? escLine(a.address) : 'an unnamed address'}`;
