import { randomBytes } from 'node:crypto';
import type { OutgoingMessage } from './ports.js';
import { createUnsubscribeToken } from './unsubscribe-token.js';

export interface MailIdentity {
  from: string;
  postalAddress: string | undefined;
  publicBaseUrl: string;
  unsubscribeSecret: string;
}

/** The bare address in "Ana Ruiz <ana@yourco.com>" (or the input when it is bare already). */
export function addressOf(mailbox: string): string {
  const m = /<([^>]+)>/.exec(mailbox);
  return (m ? m[1]! : mailbox).trim().toLowerCase();
}

/** The display name in "Ana Ruiz <ana@yourco.com>", if any. */
export function displayNameOf(mailbox: string): string | undefined {
  const m = /^\s*"?([^"<]+?)"?\s*</.exec(mailbox);
  return m?.[1]?.trim() || undefined;
}

export function domainOf(email: string): string {
  return addressOf(email).split('@')[1] ?? '';
}

/** A globally unique Message-ID on the sender's domain, stored before sending. */
export function newMessageId(draftId: number, touch: number, fromAddress: string): string {
  return `<leadbot.${draftId}.${touch}.${randomBytes(6).toString('hex')}@${domainOf(fromAddress) || 'leadbot.invalid'}>`;
}

export function unsubscribeUrl(identity: MailIdentity, recipient: string): string {
  return `${identity.publicBaseUrl.replace(/\/+$/, '')}/u/${createUnsubscribeToken(recipient, identity.unsubscribeSecret)}`;
}

/**
 * Builds a compliant message: sender, footer with the postal address and an unsubscribe link,
 * List-Unsubscribe (HTTPS URL + mailto) with List-Unsubscribe-Post (RFC 8058), threading headers for follow-ups.
 */
export function composeMessage(
  input: {
    to: string;
    subject: string;
    body: string;
    messageId: string;
    inReplyTo?: string;
    references?: string[];
    date: Date;
  },
  identity: MailIdentity,
): OutgoingMessage {
  const url = unsubscribeUrl(identity, input.to);
  const fromAddress = addressOf(identity.from);
  const sender = displayNameOf(identity.from);
  const footer = [
    '',
    '--',
    ...(sender ? [sender] : []),
    ...(identity.postalAddress ? [identity.postalAddress] : []),
    `Not the right person, or rather not hear from us? Unsubscribe: ${url}`,
  ].join('\n');
  const headers: Record<string, string> = {
    'List-Unsubscribe': `<${url}>, <mailto:${fromAddress}?subject=unsubscribe>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
  return {
    from: identity.from,
    to: input.to,
    subject: input.subject,
    text: `${input.body.trimEnd()}\n${footer}\n`,
    messageId: input.messageId,
    inReplyTo: input.inReplyTo,
    references: input.references,
    headers,
    date: input.date,
  };
}
