import type { ApprovalRecord } from '../../pipeline/approvals/ports.js';
import type { CriticCriterion, DraftListItem } from '../../pipeline/drafts/ports.js';
import { actions, type Block, clip, context, esc, escLine, industryLabel, section } from './common.js';
import { decisionMrkdwn } from './decision.js';

export const DRAFT_ACTIONS = {
  approve: 'draft_approve_send',
  edit: 'draft_edit',
  reject: 'draft_reject',
  regenerate: 'draft_regenerate',
  simulateReply: 'draft_simulate_reply',
} as const;

const CRITERIA: Record<CriticCriterion['key'], string> = {
  personalised: 'Personalised',
  specific_number: 'Specific number',
  clear_cta: 'One clear ask',
  sounds_human: 'Sounds human',
  subject_specific: 'Specific subject',
};

const POINTS = [':red_circle:', ':large_yellow_circle:', ':large_green_circle:'];

/** What the card shows besides the draft: its Gate 2 decision and, once sent, when it left. */
export interface DraftCard {
  draft: DraftListItem;
  approval?: ApprovalRecord;
  /** "Sent to dana@… · Dec 6, 20:01 UTC" once the first email left. */
  sentNote?: string;
  /** Something the reviewer should know (e.g. "Regenerating…"). */
  note?: string;
  /** Sandbox (outbox mail) and sent: offer to simulate the recipient's reply. */
  canSimulateReply?: boolean;
  /** The send window in the recipient's zone, and how the zone was found (the team's TZ said plainly). */
  windowNote?: string;
}

function criticLines(draft: DraftListItem): string {
  const criteria = draft.criticBreakdown?.criteria ?? [];
  const score = draft.criticScore === null ? 'not scored' : `*${draft.criticScore}/10*`;
  const lines = [`Critic ${score}`];
  for (const c of criteria)
    lines.push(
      `${POINTS[c.points] ?? ''} ${CRITERIA[c.key] ?? escLine(c.key)} ${c.points}/2${c.note ? ` — ${escLine(c.note)}` : ''}`,
    );
  return lines.join('\n');
}

function whoFor(d: DraftListItem): string {
  const to = d.contactName
    ? `${escLine(d.contactName)} (${escLine(d.contactEmail ?? '?')})`
    : escLine(d.contactEmail ?? 'no contact');
  return `*${escLine(d.companyName)}* · ${industryLabel(d.industry)} · to ${to}`;
}

/** Gate 2: subject, body, angle, Critic score with per-criterion notes, a red warning when low confidence. */
export function buildDraftCardBlocks(card: DraftCard, timeZone: string): Block[] {
  const d = card.draft;
  const origin =
    d.generatedBy === 'template'
      ? ' · from a template (no model)'
      : d.generatedBy === 'human'
        ? ' · edited by a person'
        : '';
  const blocks: Block[] = [
    section(`:email: Draft #${d.id} · ${whoFor(d)}`, `draft:${d.id}:head`),
    section(`*Subject:* ${escLine(d.subject)}\n\n${esc(clip(d.body, 2600))}`, `draft:${d.id}:body`),
    context(
      `Angle: *${escLine(d.angle)}* (${d.angleMode})${origin} · ${criticLines(d).replace(/\n/g, ' · ')}`,
      `draft:${d.id}:critic`,
    ),
  ];
  if (d.lowConfidence)
    blocks.push(
      section(
        `:rotating_light: *Low confidence* — it never reached 7/10 after ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}: ${escLine(d.lowConfidenceReasons.join('; ') || 'see the Critic notes')}`,
        `draft:${d.id}:warn`,
      ),
    );
  if (card.note) blocks.push(context(card.note, `draft:${d.id}:note`));
  const decided = card.approval && card.approval.status !== 'pending' && card.approval.decidedAt;
  if (d.status === 'pending' && !decided && card.windowNote)
    blocks.push(context(card.windowNote, `draft:${d.id}:window`));
  if (d.status === 'pending' && !decided)
    blocks.push(
      actions(`draft:${d.id}`, [
        {
          text: 'Approve & Send',
          actionId: DRAFT_ACTIONS.approve,
          value: String(d.id),
          style: 'primary',
          confirm: {
            title: 'Send this email?',
            text: `Approve the email to ${escLine(d.contactEmail ?? 'this contact')} and its follow-ups (days 3, 7 and 14)? They stop if anyone replies.`,
            confirm: 'Approve & Send',
          },
        },
        { text: 'Edit', actionId: DRAFT_ACTIONS.edit, value: String(d.id) },
        { text: 'Reject', actionId: DRAFT_ACTIONS.reject, value: String(d.id), style: 'danger' },
        { text: 'Regenerate', actionId: DRAFT_ACTIONS.regenerate, value: String(d.id) },
      ]),
    );
  else {
    const lines: string[] = [];
    if (decided)
      lines.push(
        `${card.approval!.status === 'approved' ? ':white_check_mark:' : ':x:'} ${decisionMrkdwn(card.approval!, timeZone)}`,
      );
    else if (d.status === 'superseded') lines.push(':recycle: Replaced by a regenerated draft');
    else lines.push(`Status: ${d.status}`);
    if (card.sentNote) lines.push(card.sentNote);
    blocks.push(context(lines.join(' · '), `draft:${d.id}`));
    if (card.canSimulateReply)
      blocks.push(
        actions(`draft:${d.id}:sandbox`, [
          { text: 'Simulate a reply', actionId: DRAFT_ACTIONS.simulateReply, value: String(d.id) },
        ]),
      );
  }
  return blocks;
}
