import type { StageOutcome } from '../../../agent/services.js';
import type { WriteStageOutcome } from '../../../app/stages/write.js';

/** The write stage for a terminal: summary, one line per draft, skipped and failed companies. */
export function printWrite(outcome: StageOutcome): string {
  const { data } = outcome as WriteStageOutcome;
  const lines = [outcome.summary, `Run ${outcome.runId}`];
  for (const d of data.drafts)
    lines.push(
      `  draft ${d.id}: company ${d.companyId} · ${d.angle} (${d.angleMode}) · ${d.criticScore}/10` +
        `${d.lowConfidence ? ' · LOW CONFIDENCE' : ''} · ${d.subject}`,
    );
  for (const s of data.skipped) lines.push(`  skipped ${s.company}: ${s.reason}`);
  for (const f of data.failed) lines.push(`  failed ${f.company}: ${f.error}`);
  if (data.drafts.length > 0) lines.push('Review them with: leadbot list-drafts --status pending');
  return lines.join('\n');
}
