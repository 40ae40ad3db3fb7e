import { AppError } from '../../errors.js';
import { isHumanApproval } from '../approvals/ports.js';
import type { OutreachDeps } from './deps.js';
import type { SequenceRecord } from './ports.js';

export const sendKey = (draftId: number, touch: number) => `draft:${draftId}:touch:${touch}`;

/**
 * Turns a human-approved draft into an outreach sequence: the first email is scheduled now, follow-ups are
 * scheduled when it actually leaves. Idempotent: a second call returns the existing sequence.
 * @throws AppError('approval_required') when no human approval is recorded for the draft.
 */
export async function startSequence(
  draftId: number,
  deps: Pick<OutreachDeps, 'outreach' | 'approvals' | 'drafts' | 'contacts' | 'companies' | 'tx' | 'now'>,
): Promise<SequenceRecord> {
  return deps.tx(async () => {
    const existing = await deps.outreach.sequenceForDraft(draftId);
    if (existing) return existing;
    const draft = await deps.drafts.get(draftId);
    if (!draft) throw new AppError('not_found', `No draft with id ${draftId}`);
    if (!isHumanApproval(await deps.approvals.get('draft', String(draftId))))
      throw new AppError('approval_required', `Draft ${draftId} has no recorded human approval; approve it first`);
    if (!draft.contactId) throw new AppError('conflict', `Draft ${draftId} has no contact to send to`);
    const contact = await deps.contacts.get(draft.contactId);
    const company = await deps.companies.get(draft.companyId);
    if (!contact?.email || !company) throw new AppError('conflict', `Draft ${draftId} has no contact email`);
    const at = deps.now();
    const approval = (await deps.approvals.get('draft', String(draftId)))!;
    const sequence = await deps.outreach.createSequence(
      {
        draftId,
        contactId: contact.id,
        companyId: company.id,
        industry: company.industry,
        angle: draft.angle,
        approvedBy: approval.decidedBy,
      },
      at,
    );
    await deps.outreach.insertEvent(
      {
        kind: 'send',
        status: 'scheduled',
        sequenceId: sequence.id,
        draftId,
        contactId: contact.id,
        companyId: company.id,
        touch: 0,
        idempotencyKey: sendKey(draftId, 0),
        scheduledFor: at,
        recipient: contact.email,
        subject: draft.subject,
        body: draft.body,
      },
      at,
    );
    return sequence;
  });
}
