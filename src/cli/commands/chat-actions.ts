import type { Reply, ReplyChoice } from '../../agent/ports.js';
import { approveDraftByHuman, requestDecisionDeps } from '../../app/decisions.js';
import type { Container } from '../../container/index.js';
import { decideRequest } from '../../pipeline/approvals/decide-request.js';
import type { Actor, ApprovalRecord } from '../../pipeline/approvals/ports.js';

/** A numbered thing the operator can pick: a clarifying choice (sent as text) or a human decision. */
export type Action =
  | { kind: 'say'; label: string; text: string }
  | { kind: 'decide'; label: string; approvalIds: number[]; decision: 'approved' | 'rejected' };

const proposed = (r: ApprovalRecord) => (r.payload.proposed === 'reject' ? 'rejected' : 'approved');

/** The numbered choices under a reply: its clarifying options, then one per pending approval request. */
export function actionsFor(reply: Reply, app: Container): Action[] {
  const actions: Action[] = (reply.choices ?? []).map((c: ReplyChoice) => ({
    kind: 'say',
    label: c.label,
    text: c.text,
  }));
  const requests = (reply.approvalRequestIds ?? []).flatMap((id) => app.repos.approvals.getById(id) ?? []);
  const pending = requests.filter((r) => r.status === 'pending');
  for (const r of pending) {
    const name = r.kind === 'lead' ? (app.repos.companies.get(Number(r.subjectId))?.name ?? r.subjectId) : r.subjectId;
    const verb = r.kind === 'suppress' ? 'suppress' : proposed(r) === 'rejected' ? 'reject' : 'approve';
    const what = r.kind === 'draft' ? `draft #${name}` : name;
    actions.push({ kind: 'decide', label: `${verb} ${what}`, approvalIds: [r.id], decision: proposed(r) });
  }
  if (pending.length > 1 && pending.every((r) => proposed(r) === proposed(pending[0]!))) {
    const verb = proposed(pending[0]!) === 'rejected' ? 'reject' : 'approve';
    actions.push({
      kind: 'decide',
      label: `${verb} all ${pending.length}`,
      approvalIds: pending.map((r) => r.id),
      decision: proposed(pending[0]!),
    });
  }
  return actions;
}

/** Applies a human decision picked in the terminal through the same services as Slack; one line per request. */
export function decide(app: Container, action: Extract<Action, { kind: 'decide' }>, actor: Actor): string[] {
  return action.approvalIds.map((id) => {
    if (!app.repos.approvals.getById(id)) return `Request ${id} no longer exists.`;
    const out = decideRequest(
      { requestId: id, decision: action.decision, actor, reason: undefined },
      requestDecisionDeps(app),
    );
    if (out.applied && out.request.kind === 'draft' && action.decision === 'approved')
      return queueApproved(app, Number(out.request.subjectId), actor);
    return out.message;
  });
}

/** An approved draft from the terminal: its sequence is queued for the next outreach run. */
function queueApproved(app: Container, draftId: number, actor: Actor): string {
  const out = approveDraftByHuman(app, draftId, actor);
  if (out.note) return `Draft #${draftId}: approved. ${out.note}`;
  return `Draft #${draftId}: approved and queued; it goes out with the next outreach run (run stage outreach).`;
}
