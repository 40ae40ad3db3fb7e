import type { ReplyChoice } from '../../agent/ports.js';
import type { ApprovalRecord } from '../../pipeline/approvals/ports.js';
import { actions, type Block, clip, context, escLine, LIMITS, section } from './common.js';
import { decisionMrkdwn } from './decision.js';

export const REPLY_ACTIONS = {
  choice: 'reply_choice',
  confirmRequest: 'request_confirm',
  dismissRequest: 'request_dismiss',
} as const;

/** Splits long mrkdwn into sections under Slack's 3,000-character limit, on line breaks. */
export function textSections(text: string): Block[] {
  const blocks: Block[] = [];
  let chunk = '';
  for (const line of text.split('\n')) {
    if (chunk.length + line.length + 1 > LIMITS.sectionText - 100 && chunk) {
      blocks.push(section(chunk));
      chunk = '';
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  if (chunk) blocks.push(section(chunk));
  return blocks.slice(0, 20);
}

/** A reply: its text, and the clarifying choices as buttons that send the choice as if typed. */
export function buildReplyBlocks(text: string, choices: ReplyChoice[] = []): Block[] {
  const blocks = textSections(text);
  if (choices.length > 0)
    blocks.push(
      actions(
        'reply_choices',
        choices.slice(0, 5).map((c, i) => ({
          text: clip(c.label, 75),
          actionId: `${REPLY_ACTIONS.choice}_${i}`,
          value: clip(c.text, LIMITS.buttonValue),
        })),
      ),
    );
  return blocks;
}

/** What a request card names: "approve Lakeview Family Health", "suppress acme.example". */
export interface RequestCard {
  request: ApprovalRecord;
  /** Human words for the subject: a company name, "draft #7 to dana@…", an address. */
  label: string;
}

function verbOf(request: ApprovalRecord): string {
  if (request.kind === 'suppress') return 'Suppress';
  if (request.kind === 'draft') return 'Approve & Send';
  if (request.kind === 'action') return 'Run';
  return request.payload.proposed === 'reject' ? 'Reject' : 'Approve';
}

/**
 * A request for a human decision made by the router or the agent: it only shows buttons; nothing happens until a
 * person clicks. Decided requests show who decided and when.
 */
export function buildRequestBlocks(card: RequestCard, timeZone: string): Block[] {
  const r = card.request;
  const verb = verbOf(r);
  const why = typeof r.payload.why === 'string' ? `\n_${escLine(clip(r.payload.why, 300))}_` : '';
  const by = r.requestedBy === 'agent' ? 'The assistant asks' : 'Please confirm';
  const blocks: Block[] = [
    section(`:raised_hand: ${by}: *${verb.toLowerCase()} ${escLine(card.label)}*?${why}`, `request:${r.id}:head`),
  ];
  if (r.status === 'pending')
    blocks.push(
      actions(`request:${r.id}`, [
        {
          text: verb,
          actionId: REPLY_ACTIONS.confirmRequest,
          value: String(r.id),
          style: verb === 'Reject' || verb === 'Suppress' ? 'danger' : 'primary',
        },
        { text: 'Dismiss', actionId: REPLY_ACTIONS.dismissRequest, value: String(r.id) },
      ]),
    );
  else {
    const icon =
      r.status === 'approved' ? ':white_check_mark:' : r.status === 'rejected' ? ':x:' : ':heavy_minus_sign:';
    blocks.push(context(`${icon} ${decisionMrkdwn(r, timeZone)}`, `request:${r.id}`));
  }
  return blocks;
}

/** After Dismiss: the request stays undecided, and the card says nothing changed. */
export function buildDismissedBlocks(card: RequestCard, userId: string): Block[] {
  return [
    section(`~${escLine(card.label)}~`, `request:${card.request.id}:head`),
    context(`:heavy_minus_sign: Dismissed by <@${userId}> · nothing was changed`, `request:${card.request.id}`),
  ];
}
