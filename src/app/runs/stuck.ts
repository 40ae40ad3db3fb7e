import type { StuckWork } from '../../pipeline/tracker/health.js';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Stuck work as short phrases ("2 approved leads without a contact for 3+ days"); empty when nothing is stuck. */
export function describeStuck(stuck: StuckWork): string[] {
  const parts: string[] = [];
  if (stuck.leadsWithoutContact.length > 0)
    parts.push(
      `${count(stuck.leadsWithoutContact.length, 'approved lead', 'approved leads')} without a contact for 3+ days`,
    );
  if (stuck.draftsWaiting.length > 0)
    parts.push(`${count(stuck.draftsWaiting.length, 'draft', 'drafts')} waiting at Gate 2 for 2+ days`);
  if (stuck.overdueSequences.length > 0)
    parts.push(`${count(stuck.overdueSequences.length, 'paused sequence', 'paused sequences')} past their resume date`);
  if (stuck.uncertainSends.length > 0)
    parts.push(`${count(stuck.uncertainSends.length, 'send', 'sends')} that may or may not have left (check first)`);
  if (stuck.unmatchedReplies.length > 0)
    parts.push(`${count(stuck.unmatchedReplies.length, 'reply', 'replies')} that matched no send`);
  return parts;
}
