import type { StageOutcome } from '../../../agent/services.js';
import type { App } from '../../../compose.js';
import { writeDrafts } from '../../../pipeline/writer/write-drafts.js';
import type { SkippedCompany } from '../../../pipeline/writer/write-queue.js';

/** What `run-stage write` reports per run (also its `--json` output, under `data`). */
export interface WriteStageData {
  drafts: {
    id: number;
    companyId: number;
    angle: string;
    angleMode: string;
    criticScore: number | null;
    lowConfidence: boolean;
    generatedBy: string;
    subject: string;
  }[];
  skipped: SkippedCompany[];
  failed: { companyId: number; company: string; error: string }[];
}

export type WriteStageOutcome = StageOutcome & { data: WriteStageData };

/**
 * The `write` stage runner, shaped like the enrichment branch's `StageRunner` in run-stage.ts
 * (`STAGE_RUNNERS.write = writeStageRunner`).
 */
export const writeStageRunner = {
  async run(app: App, options: { ids?: number[]; requestedBy: string }): Promise<WriteStageOutcome> {
    const out = await writeDrafts(
      { trigger: 'cli', requestedBy: options.requestedBy, companyIds: options.ids },
      app.writer,
    );
    return {
      runId: out.runId,
      summary: out.summary,
      data: {
        drafts: out.drafts.map((d) => ({
          id: d.id,
          companyId: d.companyId,
          angle: d.angle,
          angleMode: d.angleMode,
          criticScore: d.criticScore,
          lowConfidence: d.lowConfidence,
          generatedBy: d.generatedBy,
          subject: d.subject,
        })),
        skipped: out.skipped,
        failed: out.failed,
      },
    };
  },
  print(outcome: StageOutcome): string {
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
  },
};
