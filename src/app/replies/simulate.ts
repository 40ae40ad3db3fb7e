import { randomBytes } from 'node:crypto';
import type { Container } from '../../container/index.js';
import { AppError } from '../../errors.js';
import { addressOf } from '../../pipeline/outreach/compose-message.js';
import type { OutreachEventRecord } from '../../pipeline/outreach/ports.js';
import { addDays } from '../../pipeline/outreach/time.js';
import { type IngestedReply, ingestRawReply } from './ingest.js';

export const SIMULATED_KINDS = ['positive', 'question', 'negative', 'out_of_office', 'unsubscribe'] as const;
export type SimulatedKind = (typeof SIMULATED_KINDS)[number];

export const SIMULATED_LABELS: Record<SimulatedKind, string> = {
  positive: 'Interested (positive)',
  question: 'Asks a question',
  negative: 'Not interested',
  out_of_office: 'Out of office',
  unsubscribe: 'Asks to be removed',
};

function defaultText(kind: SimulatedKind, firstName: string, back: Date): string {
  const day = back.toLocaleDateString('en-US', { weekday: 'long', month: 'long', day: 'numeric', timeZone: 'UTC' });
  switch (kind) {
    case 'positive':
      return `Thanks for reaching out, this is timely. Could we talk Thursday afternoon?\n\n${firstName}`;
    case 'question':
      return `How did you arrive at that savings figure? We already renegotiated our supply contract last year.\n\n${firstName}`;
    case 'negative':
      return `Not interested, thanks. We're all set.\n\n${firstName}`;
    case 'out_of_office':
      return `I am out of the office until ${day} with limited access to email. I will reply when I return.`;
    case 'unsubscribe':
      return 'Please remove me from your mailing list.';
  }
}

const header = (v: string) => v.replace(/[\r\n]+/g, ' ');

/**
 * The raw email a recipient would send back to `send` (threaded with In-Reply-To and References; an out-of-office
 * carries Auto-Submitted as real auto-replies do). Sandbox only: it lets a person try the Tracker without a mailbox.
 */
function buildSimulatedReply(
  send: Pick<OutreachEventRecord, 'recipient' | 'subject' | 'messageId'>,
  input: { kind: SimulatedKind; text?: string; from: string; contactName?: string | null; now: Date },
): string {
  if (!send.recipient || !send.messageId) throw new AppError('conflict', 'That email has not left yet');
  const name = input.contactName?.trim() || send.recipient.split('@')[0]!;
  const firstName = name.split(/\s+/)[0]!;
  const body = input.text?.trim() || defaultText(input.kind, firstName, addDays(input.now, 7));
  const domain = send.recipient.split('@')[1] ?? 'reply.example';
  const lines = [
    `From: ${header(name)} <${send.recipient}>`,
    `To: ${addressOf(input.from)}`,
    `Subject: ${input.kind === 'out_of_office' ? 'Automatic reply' : 'Re'}: ${header(send.subject ?? '')}`,
    `Date: ${input.now.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <sim.${randomBytes(6).toString('hex')}@${domain}>`,
    `In-Reply-To: ${send.messageId}`,
    `References: ${send.messageId}`,
    ...(input.kind === 'out_of_office' ? ['Auto-Submitted: auto-replied'] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    body,
    '',
  ];
  return lines.join('\r\n');
}

/**
 * Simulates a reply to the first email of a sent draft and ingests it through the real Tracker (classification,
 * sequence stop or pause, win rates, hot-lead alert). Only with the outbox transport, where nothing really left.
 * @throws AppError('forbidden') with a real mail transport; ('conflict') when the draft's email has not been sent.
 */
export async function simulateReply(
  app: Container,
  input: { draftId: number; kind: SimulatedKind; text?: string; requestedBy: string },
): Promise<IngestedReply> {
  if (app.config.mail.transport !== 'outbox')
    throw new AppError('forbidden', 'Replies can only be simulated in sandbox mode (MAIL_TRANSPORT=outbox)');
  const sequence = await app.outreach.outreach.sequenceForDraft(input.draftId);
  const send = sequence
    ? (await app.outreach.outreach.eventsForSequence(sequence.id)).find((e) => e.kind === 'send' && e.status === 'sent')
    : undefined;
  if (!send) throw new AppError('conflict', `Draft #${input.draftId} has not been sent yet; approve and send it first`);
  const contact = send.contactId ? await app.repos.contacts.get(send.contactId) : undefined;
  const raw = buildSimulatedReply(send, {
    kind: input.kind,
    text: input.text,
    from: app.config.mail.from,
    contactName: contact?.fullName,
    now: app.now(),
  });
  return ingestRawReply(app, raw, { trigger: 'workspace', requestedBy: input.requestedBy });
}
