import type { Container } from '../container/index.js';
import type { Actor, ApprovalRecord } from '../pipeline/approvals/ports.js';
import type { SuppressionRecord } from '../pipeline/outreach/ports.js';
import { parseSuppressionTarget, suppressTarget } from '../pipeline/outreach/suppress.js';

export interface Suppression {
  /** False when the address or domain was already covered. */
  applied: boolean;
  record: SuppressionRecord;
  approval: ApprovalRecord;
  stoppedSequences: number;
}

/**
 * An operator suppressing an address or domain: recorded as a human decision (a 'suppress' approval decided by the
 * actor, like Gate 1 decisions) and applied at once — leadbot never emails it again and its sequences stop.
 * @throws AppError('invalid_input') when the target is neither an email address nor a domain (nothing is written).
 */
export async function suppressByHuman(
  app: Container,
  input: { target: string; reason?: string; actor: Actor },
): Promise<Suppression> {
  const target = parseSuppressionTarget(input.target);
  const { approvals, contacts } = app.repos;
  const { suppressions, outreach } = app.outreach;
  return app.tx(async () => {
    const at = app.now();
    const covered = await suppressions.match(target.kind === 'email' ? target.value : `postmaster@${target.value}`);
    const request = await approvals.request({
      kind: 'suppress',
      subjectId: target.value,
      requestedBy: input.actor.id,
      payload: { target: target.value, reason: input.reason ?? null },
      at,
    });
    if (request.status !== 'pending' && request.status !== 'approved')
      await approvals.reopen('suppress', target.value, at);
    const decided = await approvals.decide({
      kind: 'suppress',
      subjectId: target.value,
      decision: 'approved',
      actor: input.actor,
      reason: input.reason,
      at,
    });
    const out = await suppressTarget(
      { target: target.value, reason: input.reason, actor: input.actor },
      { suppressions, contacts, outreach, tx: app.tx, now: app.now },
    );
    return {
      applied: !covered,
      record: covered ?? out.record,
      approval: decided.record,
      stoppedSequences: out.stoppedSequences,
    };
  });
}
