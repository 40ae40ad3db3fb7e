import type { Reply, ReplyChoice } from '../../agent/ports.js';
import type { App } from '../../compose.js';
import { decideLead } from '../../pipeline/approvals/decide-lead.js';
import type { Actor, ApprovalRecord } from '../../pipeline/approvals/ports.js';
import { approveDraftByHuman, suppressByHuman } from '../../wiring/decisions.js';

/** A numbered thing the operator can pick: a clarifying choice (sent as text) or a human decision. */
export type Action =
  | { kind: 'say'; label: string; text: string }
  | { kind: 'decide'; label: string; approvalIds: number[]; decision: 'approved' | 'rejected' };

const proposed = (r: ApprovalRecord) => (r.payload.proposed === 'reject' ? 'rejected' : 'approved');

/** The numbered choices under a reply: its clarifying options, then one per pending approval request. */
export function actionsFor(reply: Reply, app: App): Action[] {
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
export function decide(app: App, action: Extract<Action, { kind: 'decide' }>, actor: Actor): string[] {
  return action.approvalIds.map((id) => {
    const request = app.repos.approvals.getById(id);
    if (!request) return `Request ${id} no longer exists.`;
    if (request.kind === 'lead') {
      const deps = { companies: app.repos.companies, approvals: app.repos.approvals, tx: app.tx, now: app.now };
      const out = decideLead({ companyId: Number(request.subjectId), decision: action.decision, actor }, deps);
      const who = out.approval.decidedByName ?? out.approval.decidedBy;
      return out.applied
        ? `${out.company.name}: ${action.decision}.`
        : `${out.company.name} was already ${out.approval.status} by ${who}.`;
    }
    if (request.kind === 'draft') return decideDraft(app, Number(request.subjectId), action.decision, actor);
    if (request.kind === 'suppress' && action.decision === 'approved' && request.status === 'pending') {
      const out = suppressByHuman(app, { target: request.subjectId, reason: 'requested in leadbot chat', actor });
      const stopped = out.stoppedSequences > 0 ? ` ${out.stoppedSequences} sequence(s) stopped.` : '';
      return `${out.record.value} is suppressed: leadbot will never email it.${stopped}`;
    }
    const result = app.repos.approvals.decide({
      kind: request.kind,
      subjectId: request.subjectId,
      decision: action.decision,
      actor,
      at: app.now(),
    });
    return result.applied ? `${request.subjectId}: ${action.decision}.` : `Already ${result.record.status}.`;
  });
}

function decideDraft(app: App, draftId: number, decision: 'approved' | 'rejected', actor: Actor): string {
  if (decision === 'rejected') {
    const out = app.draftGate.rejectDraft(draftId, actor);
    return out.applied ? `Draft #${draftId}: rejected.` : `Draft #${draftId} was already ${out.approval.status}.`;
  }
  const out = approveDraftByHuman(app, draftId, actor);
  if (!out.applied) return `Draft #${draftId} was already ${out.approval.status}.`;
  if (out.note) return `Draft #${draftId}: approved. ${out.note}`;
  return `Draft #${draftId}: approved and queued; it goes out with the next outreach run (run stage outreach).`;
}
