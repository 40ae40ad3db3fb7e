import { AppError } from '../../errors.js';
import type { Actor, ApprovalRecord } from '../approvals/ports.js';
import { type Critique, critiqueDraft } from '../critic/critique.js';
import type { WriteDraftsDeps } from '../writer/write-drafts.js';
import type { DraftListItem, DraftRecord } from './ports.js';
import { regenerate } from './regenerate.js';

export type DraftGateDeps = WriteDraftsDeps;

export interface GateOutcome {
  /** False when someone had already decided: nothing changed, and `approval` says who decided and when. */
  applied: boolean;
  draft: DraftRecord;
  approval: ApprovalRecord;
}

export interface EditOutcome extends GateOutcome {
  /** The code checks on the human's text (stored with the draft; they never block the human's decision). */
  checks: Critique;
}

export interface RegenerateOutcome extends GateOutcome {
  /** The draft the reviewer asked to regenerate (superseded when applied). */
  previous: DraftRecord;
  /** The tracked run of the new Writer ⇄ Critic cycle; null when nothing was done. */
  runId: string | null;
  /** Something the reviewer should know, e.g. that no model was there to follow their instructions. */
  note?: string;
}

/** Gate 2: what the Slack buttons, the local workspace and the CLI call. */
export interface DraftGate {
  /** The draft with its company and contact, and its approval request, for a card. */
  review(id: number): Promise<{ draft: DraftListItem; approval: ApprovalRecord }>;
  approveDraft(id: number, actor: Actor): Promise<GateOutcome>;
  rejectDraft(id: number, actor: Actor, reason?: string): Promise<GateOutcome>;
  editAndApproveDraft(id: number, edit: { subject: string; body: string }, actor: Actor): Promise<EditOutcome>;
  regenerateDraft(
    id: number,
    options: { instructions?: string; angle?: string },
    actor: Actor,
  ): Promise<RegenerateOutcome>;
  /** Remembers where the draft's card was posted, so later clicks update it in place. */
  attachCard(id: number, channel: string, ts: string): Promise<void>;
}

const MAX_SUBJECT = 200;
const MAX_BODY = 5000;

/**
 * Creates the Gate 2 services. Every decision is a recorded human approval (kind 'draft') changed atomically with
 * the draft's status; a second click is a no-op that returns who decided first. Approval marks a draft ready;
 * sending is the outreach stage's job. The caller checks that the actor may approve (`canApprove`).
 */
export function createDraftGate(deps: DraftGateDeps): DraftGate {
  const requireDraft = async (id: number) => {
    const draft = await deps.drafts.get(id);
    if (!draft) throw new AppError('not_found', `No draft with id ${id}`);
    return draft;
  };
  const requestFor = (draft: DraftRecord) =>
    deps.approvals.request({
      kind: 'draft',
      subjectId: String(draft.id),
      runId: draft.runId,
      requestedBy: 'writer',
      at: deps.now(),
    });
  /** The approval when the draft can still be decided; undefined when a decision already stands. */
  const openApproval = async (draft: DraftRecord): Promise<ApprovalRecord | undefined> => {
    const approval = await requestFor(draft);
    if (approval.status !== 'pending') return undefined;
    if (draft.status !== 'pending')
      throw new AppError('conflict', `Draft ${draft.id} is ${draft.status} and can no longer be decided`);
    return approval;
  };
  const decided = async (draft: DraftRecord): Promise<GateOutcome> => ({
    applied: false,
    draft,
    approval: await requestFor(draft),
  });

  const decide = async (
    id: number,
    decision: 'approved' | 'rejected',
    actor: Actor,
    reason?: string,
  ): Promise<GateOutcome> =>
    deps.tx(async () => {
      const draft = await requireDraft(id);
      if (!(await openApproval(draft))) return decided(draft);
      const at = deps.now();
      const result = await deps.approvals.decide({ kind: 'draft', subjectId: String(id), decision, actor, reason, at });
      if (result.applied) await deps.drafts.update(id, { status: decision }, at);
      return { applied: result.applied, draft: await requireDraft(id), approval: result.record };
    });

  return {
    async review(id) {
      const draft = (await deps.drafts.listForReview({ ids: [id], limit: 1 }))[0];
      if (!draft) throw new AppError('not_found', `No draft with id ${id}`);
      return { draft, approval: await requestFor(draft) };
    },
    approveDraft: (id, actor) => decide(id, 'approved', actor),
    rejectDraft: (id, actor, reason) => decide(id, 'rejected', actor, reason?.trim() || undefined),
    async editAndApproveDraft(id, edit, actor) {
      const subject = edit.subject.trim();
      const body = edit.body.trim();
      if (!subject || subject.length > MAX_SUBJECT)
        throw new AppError('invalid_input', `The subject must be 1–${MAX_SUBJECT} characters (got ${subject.length})`);
      if (!body || body.length > MAX_BODY)
        throw new AppError('invalid_input', `The body must be 1–${MAX_BODY} characters (got ${body.length})`);
      const before = await requireDraft(id);
      const lead = (await deps.companies.listLeads({ ids: [before.companyId], limit: 1 }))[0];
      if (!lead) throw new AppError('not_found', `Company ${before.companyId} of draft ${id} no longer exists`);
      const checks = await critiqueDraft({ subject, body, company: lead.company, features: lead.features }, deps, {
        useLlm: false,
      });
      return deps.tx(async () => {
        const draft = await requireDraft(id);
        if (!(await openApproval(draft))) return { ...(await decided(draft)), checks };
        const at = deps.now();
        const result = await deps.approvals.decide({
          kind: 'draft',
          subjectId: String(id),
          decision: 'approved',
          actor,
          reason: 'edited',
          at,
        });
        if (!result.applied) return { applied: false, draft, approval: result.record, checks };
        const updated = await deps.drafts.update(
          id,
          {
            subject,
            body,
            generatedBy: 'human',
            criticScore: checks.score,
            criticBreakdown: { criteria: checks.criteria },
            criticFeedback: checks.feedback,
            lowConfidence: false,
            lowConfidenceReasons: [],
            status: 'approved',
          },
          at,
        );
        return { applied: true, draft: updated, approval: result.record, checks };
      });
    },
    regenerateDraft: (id, options, actor) => regenerate(id, options, actor, deps),
    async attachCard(id, channel, ts) {
      await deps.tx(async () => {
        await deps.drafts.update((await requireDraft(id)).id, { slackChannel: channel, slackTs: ts }, deps.now());
        await requestFor(await requireDraft(id));
        await deps.approvals.attachMessage('draft', String(id), channel, ts, deps.now());
      });
    },
  };
}
