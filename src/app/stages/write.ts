import type { StageOutcome } from '../../agent/services.js';
import type { Container } from '../../container/index.js';
import { writeDrafts } from '../../pipeline/writer/write-drafts.js';
import type { SkippedCompany } from '../../pipeline/writer/write-queue.js';
import { runFields } from './common.js';
import type { StageRequest } from './run-stage.js';

/** What the write stage reports per run (also `run-stage write --json` output, under `data`). */
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
 * The write stage: Writer ⇄ Critic drafts for approved companies with a contact and no current draft (or the given
 * ones), pending at Gate 2. Announces them with the 'draftsReady' notification so the surfaces post the cards.
 * @throws AppError('invalid_config') when a directive is broken (the run is marked failed).
 */
export async function runWrite(app: Container, request: StageRequest): Promise<WriteStageOutcome> {
  const out = await writeDrafts(
    { ...runFields(request), companyIds: request.companyIds, onRunStarted: request.onRunStarted },
    app.writer,
  );
  if (out.draftIds.length > 0) await app.notifier.emit('draftsReady', { draftIds: out.draftIds, runId: out.runId });
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
}
