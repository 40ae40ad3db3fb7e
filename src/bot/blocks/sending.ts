import type { SendReview } from '../../app/sending.js';
import type { SenderFailingAlert, SenderPausedAlert } from '../../pipeline/outreach/pool/alerts.js';
import { actions, type Block, clip, context, escLine, section } from './common.js';

export const SENDING_ACTIONS = {
  resend: 'send_resend',
  markSent: 'send_mark_sent',
  cancel: 'send_cancel',
  resumeSender: 'sender_resume',
} as const;

const ZONE_FROM: Record<string, string> = {
  coordinates: "from the company's coordinates",
  city: "from the company's city",
  state: "from the company's state",
  country: "from the company's country",
};

/** "America/New_York (from the company's city)", or the team's zone said as such. Data escaped. */
export function zoneLine(zone: SendReview['zone']): string {
  return zone.source === 'team'
    ? `the company's location gives no time zone, so the team's TZ (${escLine(zone.zone)}) is used`
    : `${escLine(zone.zone)} (${ZONE_FROM[zone.source]})`;
}

/** A send a person must decide about: who, what, why, and Resend / Mark as sent / Cancel while it is open. */
export function buildSendReviewBlocks(r: SendReview): Block[] {
  const head =
    r.status === 'uncertain'
      ? `:grey_question: *Send #${r.eventId} may have left* — check the Sent folder before deciding`
      : r.status === 'failed'
        ? `:x: *Send #${r.eventId} could not be sent* after ${r.attempts} attempts`
        : `*Send #${r.eventId}* (${escLine(r.status)})`;
  const what = r.touch === 0 ? 'first email' : `follow-up ${r.touch}`;
  const to = `${escLine(r.recipient ?? 'unknown recipient')}${r.companyName ? ` at ${escLine(r.companyName)}` : ''}`;
  const blocks: Block[] = [
    section(`${head}\n${what} to ${to}: “${escLine(clip(r.subject ?? '', 120))}”`),
    context(
      [
        `sender ${escLine(r.sender ?? '—')}`,
        r.error ? `server said: ${escLine(clip(r.error, 300))}` : undefined,
        `recipient's time zone: ${zoneLine(r.zone)}`,
      ]
        .filter(Boolean)
        .join(' · '),
    ),
  ];
  if (r.open)
    blocks.push(
      actions(`send:${r.eventId}`, [
        { text: 'Resend', actionId: SENDING_ACTIONS.resend, value: String(r.eventId), style: 'primary' },
        ...(r.status === 'uncertain'
          ? [{ text: 'Mark as sent', actionId: SENDING_ACTIONS.markSent, value: String(r.eventId) }]
          : []),
        {
          text: 'Cancel',
          actionId: SENDING_ACTIONS.cancel,
          value: String(r.eventId),
          style: 'danger' as const,
          confirm: {
            title: 'Cancel this send?',
            text:
              r.touch === 0 ? 'It will never be sent and its sequence stops.' : 'This follow-up will never be sent.',
            confirm: 'Cancel the send',
            deny: 'Keep it',
          },
        },
      ]),
    );
  else
    blocks.push(
      context(
        r.resolution
          ? `:white_check_mark: ${escLine(r.resolution.action.replace('_', ' '))} by ${escLine(r.resolution.by)} · now ${escLine(r.status)}`
          : `now ${escLine(r.status)}`,
      ),
    );
  return blocks;
}

export const sendReviewText = (r: SendReview) =>
  r.status === 'failed'
    ? `Send #${r.eventId} to ${escLine(r.recipient ?? '')} could not be sent`
    : `Send #${r.eventId} to ${escLine(r.recipient ?? '')} may have left: decide Resend, Mark as sent or Cancel`;

/** A sender was paused: why (with the numbers), what waits, and Resume. Data escaped. */
export function buildSenderPausedBlocks(a: SenderPausedAlert): Block[] {
  const blocks: Block[] = [
    section(
      `:no_entry: *Sender ${escLine(a.sender)} (${escLine(a.address)}) is paused*\n${escLine(clip(a.reason, 500))}`,
    ),
    context(
      `${a.waiting} sequence(s) on it wait until it is resumed · they move to another sender only if an approver says so: \`leadbot senders move ${escLine(a.sender)}\``,
    ),
  ];
  blocks.push(
    actions(`sender:${a.sender}`, [
      { text: 'Resume', actionId: SENDING_ACTIONS.resumeSender, value: a.sender, style: 'primary' },
    ]),
  );
  return blocks;
}

export const senderPausedText = (a: SenderPausedAlert) =>
  `Sender ${escLine(a.sender)} is paused: ${escLine(clip(a.reason, 200))}`;

/** A sender whose sends keep failing: said once per run of failures. */
export function senderFailingText(a: SenderFailingAlert): string {
  return (
    `:warning: Sender ${escLine(a.sender)} (${escLine(a.address)}) has failed ${a.failures} sends in a row; ` +
    `they are retried with backoff. Last: ${escLine(clip(a.lastFailure, 300))}`
  );
}
