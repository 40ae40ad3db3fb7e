import type { OutgoingMessage } from '../../pipeline/outreach/ports.js';

/** Maps our message onto nodemailer's mail options (plain text; threading and list headers kept). */
export function toMailOptions(message: OutgoingMessage) {
  return {
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    messageId: message.messageId,
    date: message.date,
    inReplyTo: message.inReplyTo,
    references: message.references,
    headers: message.headers,
  };
}
