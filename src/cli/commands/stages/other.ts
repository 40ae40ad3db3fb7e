import type { StageOutcome } from '../../../agent/services.js';
import type { OutreachStageOutcome } from '../../../app/stages/outreach.js';
import type { ScoreStageData } from '../../../app/stages/score.js';
import type { TrackStageData } from '../../../app/stages/track.js';
import { formatTable } from '../../format.js';

/** The score stage for a terminal: summary and the re-scored companies, best first. */
export function printScore(outcome: StageOutcome): string {
  const data = outcome.data as ScoreStageData;
  const lines = [outcome.summary, `Run ${outcome.runId}`];
  if (data.leads.length > 0)
    lines.push(
      '',
      formatTable(data.leads, [
        { header: 'ID', value: (l) => l.id, align: 'right' },
        { header: 'SCORE', value: (l) => l.score, align: 'right' },
        { header: 'TIER', value: (l) => l.tier },
        { header: 'NAME', value: (l) => l.name, max: 40 },
        { header: 'STATUS', value: (l) => l.status },
      ]),
    );
  return lines.join('\n');
}

/** The outreach stage for a terminal: summary, what was queued and where the messages went. */
export function printOutreach(outcome: StageOutcome): string {
  const { data } = outcome as OutreachStageOutcome;
  const lines = [outcome.summary, `Run ${outcome.runId}`];
  if (data.queued.length > 0)
    lines.push(`Queued newly approved drafts: ${data.queued.map((id) => `#${id}`).join(', ')}`);
  if (data.firstEmails.length > 0)
    lines.push(`First emails sent for drafts: ${data.firstEmails.map((id) => `#${id}`).join(', ')}`);
  for (const c of data.report.cancelled) lines.push(`  cancelled send ${c.eventId}: ${c.reason}`);
  for (const f of data.report.failed) lines.push(`  failed send ${f.eventId}: ${f.error}`);
  return lines.join('\n');
}

/** The track stage for a terminal: summary, each reply read and each kind of stuck work. */
export function printTrack(outcome: StageOutcome): string {
  const data = outcome.data as TrackStageData;
  const lines = [outcome.summary, `Run ${outcome.runId}`];
  for (const r of data.replies)
    lines.push(`  reply ${r.eventId}: ${r.classification.replace(/_/g, ' ')} · ${r.matched ? r.effect : 'unmatched'}`);
  for (const l of data.stuck.leadsWithoutContact)
    lines.push(`  no contact: ${l.name} (#${l.companyId}), approved ${l.approvedDaysAgo} days ago`);
  for (const d of data.stuck.draftsWaiting)
    lines.push(`  waiting: draft #${d.draftId} for ${d.waitingDays} days · ${d.subject}`);
  for (const u of data.stuck.uncertainSends)
    lines.push(`  uncertain: send ${u.eventId} to ${u.recipient ?? 'unknown'} since ${u.since.toISOString()}`);
  for (const u of data.stuck.unmatchedReplies)
    lines.push(`  unmatched reply ${u.eventId} from ${u.from ?? 'unknown'}: ${u.subject ?? ''}`);
  return lines.join('\n');
}
