import type { Lead } from '../../pipeline/companies/ports.js';
import type { ContactRecord } from '../../pipeline/contacts/ports.js';
import type { DraftRecord, WinRateRow } from '../../pipeline/drafts/ports.js';
import type { RunLogEntry, RunRecord } from '../../pipeline/runs/ports.js';
import type { PipelineStatus } from '../services.js';

/** Longest tool result handed to the model; longer results are cut with a note. */
const TOOL_RESULT_LIMIT = 2400;

/**
 * Wraps a tool result as data: the system prompt tells the model that nothing between the markers is an
 * instruction. Marker look-alikes inside the text are defused so a web page cannot close the block early.
 */
export function asData(text: string): string {
  const clean = text.replace(/<\s*\/?\s*data\s*>/gi, '[data]');
  const clipped =
    clean.length > TOOL_RESULT_LIMIT ? `${clean.slice(0, TOOL_RESULT_LIMIT - 40)}\n… (cut; ask for fewer)` : clean;
  return `<data>\n${clipped}\n</data>`;
}

const place = (lead: Lead) => [lead.company.city, lead.company.state].filter(Boolean).join(', ') || 'location unknown';

/** "#12 Acme Health — healthcare, Buffalo, NY · score 82 (high) · pending · acme.example". */
export function formatLead(lead: Lead): string {
  const c = lead.company;
  const score = lead.score ? `score ${lead.score.score} (${lead.score.tier})` : 'not scored';
  return [`#${c.id} ${c.name} — ${c.industry}, ${place(lead)}`, score, c.status, c.domain].filter(Boolean).join(' · ');
}

export function formatLeads(leads: Lead[], none = 'No leads match.'): string {
  return leads.length === 0 ? none : leads.map((l, i) => `${i + 1}. ${formatLead(l)}`).join('\n');
}

/** Why a lead scored what it did: reason, breakdown and savings, as computed by the Analyst. */
export function formatScore(lead: Lead): string {
  const lines = [formatLead(lead)];
  const s = lead.score;
  if (!s) return `${lines[0]}\nNo score yet: run the score stage.`;
  lines.push(`Reason (${s.reasonSource}): ${s.scoreReason}`, `Profile: ${s.profile}`);
  const parts = Object.entries(s.breakdown).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`);
  if (parts.length > 0) lines.push(`Breakdown: ${parts.join(', ')}`);
  const f = lead.features;
  if (f) {
    if (f.savingsMid !== null)
      lines.push(`Savings estimate: ${f.savingsLow}–${f.savingsHigh} (mid ${f.savingsMid}) per year`);
    if (f.deregulated !== null) lines.push(`Deregulated state: ${f.deregulated ? 'yes' : 'no'}`);
    if (f.dataGaps.length > 0) lines.push(`Data gaps: ${f.dataGaps.join(', ')}`);
  }
  return lines.join('\n');
}

export function formatContact(c: ContactRecord): string {
  const who = c.fullName ?? ([c.firstName, c.lastName].filter(Boolean).join(' ') || 'unnamed');
  const email = c.email ? `${c.email} (${c.emailKind}, ${c.verification})` : 'no email';
  return `${who}${c.title ? `, ${c.title}` : ''} · ${email} · source ${c.source}${c.isPrimary ? ' · primary' : ''}`;
}

/** "draft #7 for company #12 · pending · critic 8/10 · angle audit_offer · "Subject"". */
export function formatDraft(d: DraftRecord): string {
  const critic = d.criticScore === null ? 'not critiqued' : `critic ${d.criticScore}/10`;
  const flag = d.lowConfidence ? ' · LOW CONFIDENCE' : '';
  return `draft #${d.id} for company #${d.companyId} · ${d.status} · ${critic}${flag} · angle ${d.angle} · "${d.subject}"`;
}

export function formatWinRates(rows: WinRateRow[]): string {
  if (rows.length === 0) return 'No emails sent yet, so no win rates.';
  return rows
    .map((r) => {
      const rate = r.sent > 0 ? `${Math.round((r.replies / r.sent) * 1000) / 10}%` : 'n/a';
      return `${r.industry} / ${r.angle}: sent ${r.sent}, replies ${r.replies} (${rate}), positive ${r.positiveReplies}`;
    })
    .join('\n');
}

export function formatStatus(s: PipelineStatus): string {
  const kv = (o: Record<string, number>) =>
    Object.entries(o)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none';
  const runs = s.activeRuns.map(
    (r) => `${r.id} (${r.kind}, ${r.status}${r.currentStage ? `, ${r.currentStage}` : ''})`,
  );
  return [
    `Leads: ${kv(s.leads)}`,
    `Contacts: ${s.contacts}`,
    `Drafts: ${kv(s.drafts)}`,
    `Sent: ${s.sent} · replies: ${s.replies} · awaiting approval: ${s.awaitingApproval}`,
    `Active runs: ${runs.length > 0 ? runs.join('; ') : 'none'}`,
  ].join('\n');
}

export function formatRun(run: RunRecord, logs: RunLogEntry[]): string {
  const counters = Object.entries(run.counters).map(([k, v]) => `${k} ${v}`);
  const lines = [
    `Run ${run.id}: ${run.kind}, ${run.status}${run.currentStage ? ` at ${run.currentStage}` : ''}, started ${run.startedAt.toISOString()}`,
  ];
  if (counters.length > 0) lines.push(`Counters: ${counters.join(', ')}`);
  if (run.summary) lines.push(`Summary: ${run.summary}`);
  if (run.error) lines.push(`Error: ${run.error}`);
  const steps = logs.slice(-12).map((l) => {
    const tokens = l.tokensIn || l.tokensOut ? ` · tokens ${l.tokensIn ?? 0}/${l.tokensOut ?? 0}` : '';
    return `- ${l.kind} ${l.name}: ${l.status} in ${l.durationMs} ms${tokens}${l.error ? ` · ${l.error}` : ''}`;
  });
  if (steps.length > 0) lines.push(`Last steps (${logs.length} in all):`, ...steps);
  return lines.join('\n');
}
