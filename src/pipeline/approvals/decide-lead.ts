import { AppError } from '../../errors.js';
import type { CompanyRecord, CompanyRepo } from '../companies/ports.js';
import { formatShortTime } from '../format-time.js';
import type { Actor, ApprovalRecord, ApprovalRepo, Transaction } from './ports.js';

export interface DecideLeadDeps {
  companies: CompanyRepo;
  approvals: ApprovalRepo;
  tx: Transaction;
  now: () => Date;
}

export interface DecideLeadResult {
  /** False when someone had already decided; `approval` says who and when. */
  applied: boolean;
  approval: ApprovalRecord;
  company: CompanyRecord;
}

/**
 * Gate 1: records a human's decision on a lead and moves the company to approved/rejected, atomically.
 * A second decision is a no-op that returns the first one.
 * @throws AppError('not_found') for an unknown company; ('conflict') for a company that was never scored.
 */
export async function decideLead(
  input: { companyId: number; decision: 'approved' | 'rejected'; actor: Actor; reason?: string },
  deps: DecideLeadDeps,
): Promise<DecideLeadResult> {
  return deps.tx(async () => {
    const company = await deps.companies.get(input.companyId);
    if (!company) throw new AppError('not_found', `No company with id ${input.companyId}`);
    const at = deps.now();
    if (company.status === 'new')
      throw new AppError('conflict', `${company.name} has not been scored yet; score it before deciding`);
    await deps.approvals.request({ kind: 'lead', subjectId: String(company.id), runId: company.foundByRunId, at });
    const result = await deps.approvals.decide({
      kind: 'lead',
      subjectId: String(company.id),
      decision: input.decision,
      actor: input.actor,
      reason: input.reason,
      at,
    });
    if (result.applied) await deps.companies.setStatus(company.id, input.decision, at);
    return { applied: result.applied, approval: result.record, company: (await deps.companies.get(company.id))! };
  });
}

/** Whether this Slack user may approve: anyone when the list is empty. */
export function canApprove(userId: string, approverUserIds: readonly string[]): boolean {
  return approverUserIds.length === 0 || approverUserIds.includes(userId);
}

/** "Approved by <@U123> on Nov 25 at 09:14 UTC" style text for cards and second clicks. */
export function describeDecision(approval: ApprovalRecord, timeZone = 'UTC'): string {
  if (approval.status === 'pending' || !approval.decidedAt) return 'Waiting for a decision';
  const who =
    approval.decisionSource === 'cli' ? (approval.decidedByName ?? approval.decidedBy) : `<@${approval.decidedBy}>`;
  const when = formatShortTime(approval.decidedAt, timeZone);
  const verb = approval.status === 'approved' ? 'Approved' : approval.status === 'rejected' ? 'Rejected' : 'Cancelled';
  return `${verb} by ${who} · ${when}${approval.reason ? ` · “${approval.reason}”` : ''}`;
}
