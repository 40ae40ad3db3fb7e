import type { ApprovalRepo, Transaction } from '../approvals/ports.js';
import type { DraftContent } from '../writer/draft-for-company.js';
import type { DraftRecord, DraftRepo } from './ports.js';

/**
 * Stores a new pending draft and its Gate 2 approval request, unless the company got a current draft meanwhile
 * (then nothing is stored and undefined is returned).
 */
export async function storeDraft(
  content: DraftContent,
  meta: { runId: string | null; replacesDraftId: number | null; slackChannel?: string | null; slackTs?: string | null },
  deps: { drafts: DraftRepo; approvals: ApprovalRepo; tx: Transaction; now: () => Date },
): Promise<DraftRecord | undefined> {
  return deps.tx(async () => {
    if (await deps.drafts.currentForCompany(content.companyId)) return undefined;
    const at = deps.now();
    // Another instance may have written one since the check: the unique index decides.
    const draft = await deps.drafts.insertCurrent(
      { ...content, runId: meta.runId, replacesDraftId: meta.replacesDraftId },
      at,
    );
    if (!draft) return undefined;
    await deps.approvals.request({
      kind: 'draft',
      subjectId: String(draft.id),
      runId: meta.runId,
      requestedBy: 'writer',
      payload: {
        companyId: draft.companyId,
        angle: draft.angle,
        criticScore: draft.criticScore,
        lowConfidence: draft.lowConfidence,
      },
      at,
    });
    return draft;
  });
}
