import { escapeLine } from '../../mrkdwn/escape.js';
import type { Lead } from '../../pipeline/companies/ports.js';
import type { DraftRecord, WinRateRow } from '../../pipeline/drafts/ports.js';
import type { PipelineStatus } from '../services.js';

// Everything here is mrkdwn (a Reply's text): names, places, subjects and industries are data, escaped as one line.

/** "1. *Lakeview Family Health* — healthcare · Buffalo, NY · 72 (high)" */
function formatLeadLine(lead: Lead, position: number): string {
  const c = lead.company;
  const place = escapeLine([c.city, c.state].filter(Boolean).join(', '));
  const score = lead.score ? ` · ${lead.score.score} (${lead.score.tier})` : '';
  const status = c.status === 'pending' ? '' : ` · ${c.status}`;
  return `${position}. *${escapeLine(c.name)}* — ${escapeLine(c.industry)}${place ? ` · ${place}` : ''}${score}${status}`;
}

export function formatLeads(leads: Lead[], heading: string): string {
  if (leads.length === 0) return `${heading}\nNo leads match.`;
  return [heading, ...leads.map((l, i) => formatLeadLine(l, i + 1))].join('\n');
}

export function formatDrafts(drafts: DraftRecord[], heading: string): string {
  if (drafts.length === 0) return `${heading}\nNo drafts match.`;
  const lines = drafts.map((d) => {
    const critic = d.criticScore === null ? '' : ` · critic ${d.criticScore}/10`;
    const flag = d.lowConfidence ? ' · :warning: low confidence' : '';
    return `• #${d.id} *${escapeLine(d.subject)}* — ${d.status}${critic}${flag}`;
  });
  return [heading, ...lines].join('\n');
}

function counts(record: Record<string, number>): string {
  const parts = Object.entries(record)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  return parts.length > 0 ? parts.join(' · ') : 'none';
}

export function formatStatus(s: PipelineStatus): string {
  const lines = [
    '*Pipeline status*',
    `Leads: ${counts(s.leads)}`,
    `Contacts: ${s.contacts} · Drafts: ${counts(s.drafts)}`,
    `Sent: ${s.sent} · Replies: ${s.replies} · Awaiting approval: ${s.awaitingApproval}`,
  ];
  if (s.activeRuns.length > 0) {
    lines.push(
      `Running: ${s.activeRuns.map((r) => `${r.kind}${r.currentStage ? ` (${r.currentStage})` : ''} \`${r.id}\``).join(', ')}`,
    );
  } else lines.push('No runs in progress.');
  return lines.join('\n');
}

export function formatWinRates(rows: WinRateRow[], industry?: string): string {
  const heading = `*Win rates${industry ? ` for ${escapeLine(industry.replace(/_/g, ' '))}` : ''}*`;
  if (rows.length === 0)
    return `${heading}\nNothing sent yet${industry ? ' in this industry' : ''}, so no rates to show.`;
  const sorted = [...rows].sort((a, b) => rate(b) - rate(a));
  const lines = sorted.map(
    (r) =>
      `• ${escapeLine(r.industry)} · ${escapeLine(r.angle)} — ${r.sent} sent, ${r.replies} replies (${(rate(r) * 100).toFixed(0)}%), ${r.positiveReplies} positive`,
  );
  return [heading, ...lines].join('\n');
}

function rate(r: WinRateRow): number {
  return r.sent > 0 ? r.replies / r.sent : 0;
}
