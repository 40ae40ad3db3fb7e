import type { Reply, ReplyChoice } from '../../agent/ports.js';
import type { Actor } from '../../app/actor.js';
import type { UseCases } from '../../app/use-cases.js';
import { isAppError } from '../../errors.js';
import type { ApprovalRecord } from '../../pipeline/approvals/ports.js';

/** A numbered thing the operator can pick: a clarifying choice (sent as text) or a human decision. */
export type Action =
  | { kind: 'say'; label: string; text: string }
  | { kind: 'decide'; label: string; approvalIds: number[]; decision: 'approved' | 'rejected' };

const proposed = (r: ApprovalRecord) => (r.payload.proposed === 'reject' ? 'rejected' : 'approved');

function verbOf(r: ApprovalRecord): string {
  if (r.kind === 'suppress') return 'suppress';
  if (r.kind === 'action') return 'run';
  return proposed(r) === 'rejected' ? 'reject' : 'approve';
}

/** The numbered choices under a reply: its clarifying options, then one per pending approval request. */
export async function actionsFor(reply: Reply, useCases: Pick<UseCases, 'cards'>): Promise<Action[]> {
  const actions: Action[] = (reply.choices ?? []).map((c: ReplyChoice) => ({
    kind: 'say',
    label: c.label,
    text: c.text,
  }));
  const cards = await useCases.cards.requests(reply.approvalRequestIds ?? []);
  const pending = cards.filter((c) => c.request.status === 'pending');
  for (const { request: r, label } of pending)
    actions.push({ kind: 'decide', label: `${verbOf(r)} ${label}`, approvalIds: [r.id], decision: proposed(r) });
  const requests = pending.map((c) => c.request);
  if (
    requests.length > 1 &&
    requests.every((r) => r.kind === requests[0]!.kind && proposed(r) === proposed(requests[0]!))
  ) {
    actions.push({
      kind: 'decide',
      label: `${verbOf(requests[0]!)} all ${requests.length}`,
      approvalIds: requests.map((r) => r.id),
      decision: proposed(requests[0]!),
    });
  }
  return actions;
}

/** Applies a decision picked in the terminal through the same use case as a Slack Confirm; one line per request. */
export async function decide(
  useCases: Pick<UseCases, 'decideRequest'>,
  action: Extract<Action, { kind: 'decide' }>,
  actor: Actor,
): Promise<string[]> {
  const lines: string[] = [];
  for (const id of action.approvalIds) {
    try {
      const out = await useCases.decideRequest({ requestId: id, decision: action.decision }, actor);
      lines.push(out.message);
    } catch (err) {
      if (!isAppError(err)) throw err;
      lines.push(err.code === 'not_found' ? `Request ${id} no longer exists.` : err.message);
    }
  }
  return lines;
}
