import { AppError } from '../errors.js';
import type { Actor, UserActor } from './actor.js';

/** Everything a use case may be asked to do, by what it needs from the asker. */
const MEMBER_ACTIONS = ['search', 'read', 'digest', 'ask_agent', 'request_approval', 'give_feedback'] as const;

export const APPROVER_ACTIONS = [
  'decide_lead',
  'decide_draft',
  'edit_draft',
  'regenerate_draft',
  'send',
  'run_stage',
  'suppress',
  'decide_lesson',
  'scan_lessons',
  'retry_run',
  'simulate_reply',
  'ingest_reply',
  'import_companies',
  'decide_request',
  'resolve_send',
  'manage_senders',
  'raise_budget',
] as const;

export type MemberAction = (typeof MEMBER_ACTIONS)[number];
export type ApproverAction = (typeof APPROVER_ACTIONS)[number];
export type Action = MemberAction | ApproverAction | 'dismiss_request';

/** What the agent does with an approver action: ask a person to confirm it (a request card), or nothing at all. */
export const AGENT_MAY_REQUEST: readonly ApproverAction[] = ['decide_lead', 'decide_draft', 'suppress', 'run_stage'];

/**
 * What the scheduler and crash recovery may do: continue work a person approved or started (send approved drafts,
 * run due stages, read replies, resume runs, look for lessons), never decide anything new.
 */
const SYSTEM_MAY: readonly Action[] = [
  'read',
  'digest',
  'send',
  'run_stage',
  'retry_run',
  'ingest_reply',
  'scan_lessons',
];

/** Human words for refusals: "Only approvers can <verb>". */
const VERBS: Record<Action, string> = {
  search: 'search for companies',
  read: 'read the pipeline',
  digest: 'post the digest',
  ask_agent: 'ask the agent',
  request_approval: 'ask for an approval',
  give_feedback: "rate the agent's answers",
  decide_lead: 'decide leads',
  decide_draft: 'decide drafts',
  edit_draft: 'edit drafts',
  regenerate_draft: 'regenerate drafts',
  send: 'send email',
  run_stage: 'run pipeline stages',
  suppress: 'suppress addresses',
  decide_lesson: 'apply or dismiss lessons',
  scan_lessons: 'scan for lessons',
  retry_run: 'retry runs',
  simulate_reply: 'simulate replies',
  ingest_reply: 'feed replies in',
  import_companies: 'import companies',
  decide_request: 'confirm requests',
  resolve_send: 'resend, mark as sent or cancel a send that may have left',
  manage_senders: 'resume senders or move their sequences',
  raise_budget: "raise today's spend limits",
  dismiss_request: 'dismiss this request',
};

/** Whether a Slack user belongs to the workspace's own team as a full member (not a guest, not a shared channel's). */
export interface MembershipPort {
  check(userId: string): Promise<{ member: true } | { member: false; reason: string }>;
}

export interface PolicyDeps {
  /** APPROVER_USER_IDS; empty means every member of the team approves. */
  approverUserIds: readonly string[];
  membership: MembershipPort;
}

/** Extra facts some rules need: who created the request being dismissed. */
export interface PolicySubject {
  requestedBy?: string | null;
}

const isApproverAction = (a: Action): a is ApproverAction => (APPROVER_ACTIONS as readonly string[]).includes(a);

/** Only approvers' words, listing who they are. */
function approversText(deps: Pick<PolicyDeps, 'approverUserIds'>): string {
  const ids = deps.approverUserIds;
  return ids.length > 0 ? ` (${ids.map((id) => `<@${id}>`).join(', ')})` : '';
}

/** True when this Slack user is an approver (ignores membership; see `authorize`). */
function isApproverId(userId: string, deps: Pick<PolicyDeps, 'approverUserIds'>): boolean {
  return deps.approverUserIds.length === 0 || deps.approverUserIds.includes(userId);
}

/**
 * The one authorization rule every use case applies (README "Who may do what").
 * @throws AppError('forbidden') with a message the surface shows as is; nothing was changed.
 */
export async function authorize(
  actor: Actor,
  action: Action,
  deps: PolicyDeps,
  subject: PolicySubject = {},
): Promise<void> {
  switch (actor.kind) {
    case 'cli':
      return;
    case 'system':
      if (SYSTEM_MAY.includes(action)) return;
      throw new AppError('forbidden', `leadbot's ${actor.job} job cannot ${VERBS[action]}: only a person decides that`);
    case 'agent':
      if (isApproverAction(action) || action === 'dismiss_request')
        throw new AppError(
          'forbidden',
          `The agent cannot ${VERBS[action]} itself; it can only ask for an approval that a person confirms`,
        );
      if (actor.onBehalfOf.kind === 'user') await authorizeUser(actor.onBehalfOf, action, deps, subject);
      return;
    case 'user':
      return authorizeUser(actor, action, deps, subject);
  }
}

async function authorizeUser(actor: UserActor, action: Action, deps: PolicyDeps, subject: PolicySubject) {
  const membership = await deps.membership.check(actor.id);
  if (!membership.member) throw new AppError('forbidden', `${membership.reason} Nothing was changed.`);
  if (action === 'dismiss_request') {
    if (subject.requestedBy === actor.id || isApproverId(actor.id, deps)) return;
    throw new AppError(
      'forbidden',
      `Only the person who asked, or an approver${approversText(deps)}, can dismiss this request. Nothing was changed.`,
    );
  }
  if (!isApproverAction(action) || isApproverId(actor.id, deps)) return;
  throw new AppError('forbidden', `Only approvers${approversText(deps)} can ${VERBS[action]}. Nothing was changed.`);
}

/** Like `authorize`, as a boolean (App Home shows or hides approver buttons with it). */
export async function may(actor: Actor, action: Action, deps: PolicyDeps, subject?: PolicySubject): Promise<boolean> {
  try {
    await authorize(actor, action, deps, subject);
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === 'forbidden') return false;
    throw err;
  }
}

/** Said at startup, by doctor and on App Home when APPROVER_USER_IDS is empty. */
export const OPEN_APPROVALS_WARNING =
  'APPROVER_USER_IDS is empty: anyone in the workspace (guests and other teams excepted) can approve leads and send email.';
