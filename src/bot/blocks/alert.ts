import type { HotLeadAlert } from '../../pipeline/tracker/ingest.js';
import { type Block, clip, context, esc, section } from './common.js';

/** A hot lead: who replied, from which company, what they said, and a suggested response. */
export function buildHotLeadBlocks(a: HotLeadAlert): Block[] {
  const who = `${esc(a.contactName)}${a.contactTitle ? `, ${esc(a.contactTitle)}` : ''} <${esc(a.contactEmail)}>`;
  const quote = esc(clip(a.reply.trim(), 1200))
    .split('\n')
    .map((l) => `>${l}`)
    .join('\n');
  return [
    section(`:fire: *Hot lead: ${esc(a.companyName)}*\n${who} replied to “${esc(a.subject)}”`),
    section(quote || '>(empty reply)'),
    section(`*Suggested response*\n${esc(clip(a.suggestedResponse, 1500))}`),
    context(`Sequence #${a.sequenceId} stopped · reply in your mailbox, in the same thread`),
  ];
}

export const hotLeadText = (a: HotLeadAlert) => `Hot lead: ${a.contactName} at ${a.companyName} replied`;
