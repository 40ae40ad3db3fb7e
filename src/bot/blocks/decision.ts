import { describeDecision } from '../../pipeline/approvals/decide-lead.js';
import type { ApprovalRecord } from '../../pipeline/approvals/ports.js';
import { escLine } from './common.js';

const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;

/**
 * "Approved by <@U123> · Dec 6, 20:01 UTC · “too small”" for mrkdwn: the reason (typed into a plain-text input) and
 * any decider that is not a Slack user id are escaped; only a real user id becomes a mention.
 */
export function decisionMrkdwn(approval: ApprovalRecord, timeZone: string): string {
  const byUser = approval.decisionSource !== 'cli' && SLACK_USER.test(approval.decidedBy ?? '');
  const safe: ApprovalRecord = {
    ...approval,
    reason: approval.reason ? escLine(approval.reason) : approval.reason,
    ...(byUser
      ? {}
      : {
          decisionSource: 'cli',
          decidedByName: escLine(approval.decidedByName ?? approval.decidedBy ?? 'someone'),
        }),
  };
  return describeDecision(safe, timeZone);
}
