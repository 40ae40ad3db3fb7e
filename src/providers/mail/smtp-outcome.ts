import type { SendOutcome } from '../../pipeline/outreach/ports.js';
import { enhancedStatus } from '../../pipeline/tracker/machine/status-codes.js';

/**
 * What nodemailer reports about a failed SMTP session (nodemailer.com/errors): `code` the kind (ECONNECTION,
 * ETIMEDOUT, ESOCKET, EDNS, ETLS, EAUTH, ENOAUTH, EENVELOPE, EMESSAGE, EPROTOCOL…), `command` the stage (CONN, EHLO,
 * STARTTLS, "AUTH PLAIN", "MAIL FROM", "RCPT TO", DATA, API), `responseCode` and `response` the server's reply.
 */
export interface SmtpFailure {
  message: string;
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
}

const shorten = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 300);

/**
 * Classifies a failed SMTP send by the stage it failed at and the reply code (RFC 5321: 4xx transient, 5xx permanent;
 * RFC 3463 enhanced codes refine 5xx). `dataEnded` says whether the whole message, final dot included, had been
 * handed to the socket: a connection lost after that may have delivered it.
 */
export function classifySmtpFailure(err: SmtpFailure, dataEnded: boolean): SendOutcome {
  const reply = err.response ? shorten(err.response) : undefined;
  const code = err.responseCode;
  const stage = (err.command ?? '').toUpperCase();
  const reason = `SMTP ${stage || err.code || 'error'}: ${reply ?? shorten(err.message)}`;
  if (code && code >= 400 && code < 500) return { status: 'retry', reason };
  if (code && code >= 500) {
    const status = enhancedStatus(reply ?? '');
    const subject = status ? Number(status.split('.')[1]) : undefined;
    if (stage === 'RCPT TO')
      // x.7.x at RCPT is the server refusing us (relay denied, our IP on a block list), not this address.
      return subject === 7 ? { status: 'sender_broken', reason } : { status: 'recipient_refused', reason };
    if (stage === 'DATA')
      // After the message: x.1 (address) and x.2 (mailbox) are about the recipient; content or policy is ours.
      return subject === 1 || subject === 2
        ? { status: 'recipient_refused', reason }
        : { status: 'sender_broken', reason };
    // Greeting, EHLO, STARTTLS, AUTH, MAIL FROM: this sender cannot send at all until someone fixes it.
    return { status: 'sender_broken', reason };
  }
  if (err.code === 'EAUTH' || err.code === 'ENOAUTH' || err.code === 'EOAUTH2' || err.code === 'ECONFIG')
    return { status: 'sender_broken', reason };
  if (err.code === 'EENVELOPE' && /invalid recipient/i.test(err.message))
    return { status: 'recipient_refused', reason };
  if (err.code === 'EENVELOPE' || err.code === 'EMESSAGE') return { status: 'sender_broken', reason };
  // No reply at all: refused, DNS, TLS, timeouts, a dropped connection. Before the end of DATA nothing was delivered.
  return dataEnded
    ? { status: 'uncertain', reason: `${reason} (after the whole message was sent)` }
    : { status: 'retry', reason };
}
