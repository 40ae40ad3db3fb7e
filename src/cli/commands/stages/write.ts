import type { StageOutcome } from '../../../agent/services.js';
import type { App } from '../../../compose.js';
import type { RunTrigger } from '../../../pipeline/runs/ports.js';
import { type WriteDraftsOutput, writeDrafts } from '../../../pipeline/writer/write-drafts.js';

/** The `write` stage runner for `run-stage write` (and the router's run_stage intent). */
export async function runWriteStage(
  app: App,
  options: { trigger: RunTrigger; requestedBy: string | null; companyIds?: number[]; limit?: number },
): Promise<StageOutcome & { data: WriteDraftsOutput }> {
  const data = await writeDrafts(options, app.writer);
  return { runId: data.runId, summary: data.summary, data };
}

/** The JSON `run-stage write --json` prints. */
export function writeStageJson(outcome: StageOutcome & { data: WriteDraftsOutput }) {
  const { data } = outcome;
  return {
    stage: 'write',
    runId: outcome.runId,
    summary: outcome.summary,
    drafts: data.drafts.map((d) => ({
      id: d.id,
      companyId: d.companyId,
      angle: d.angle,
      angleMode: d.angleMode,
      criticScore: d.criticScore,
      lowConfidence: d.lowConfidence,
      generatedBy: d.generatedBy,
    })),
    skipped: data.skipped,
    failed: data.failed,
  };
}

/** Text lines for `run-stage write`. */
export function writeStageLines(outcome: StageOutcome & { data: WriteDraftsOutput }): string[] {
  const lines = [`${outcome.summary} (run ${outcome.runId})`];
  for (const d of outcome.data.drafts)
    lines.push(
      `  draft ${d.id}: company ${d.companyId} · ${d.angle} (${d.angleMode}) · ${d.criticScore}/10` +
        `${d.lowConfidence ? ' · LOW CONFIDENCE' : ''} · ${d.subject}`,
    );
  for (const s of outcome.data.skipped) lines.push(`  skipped ${s.company}: ${s.reason}`);
  for (const f of outcome.data.failed) lines.push(`  failed ${f.company}: ${f.error}`);
  if (outcome.data.drafts.length > 0) lines.push('Review them with: leadbot list-drafts --status pending');
  return lines;
}
