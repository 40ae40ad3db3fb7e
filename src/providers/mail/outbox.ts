import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type { MailTransport } from '../../pipeline/outreach/ports.js';
import { toMailOptions } from './nodemailer-message.js';

/** File name for a Message-ID: stable, so reconciliation can look for it. */
export function outboxFileName(messageId: string): string {
  return `${messageId.replace(/[<>]/g, '').replace(/[^A-Za-z0-9._@-]/g, '_')}.eml`;
}

/**
 * The default transport: writes each message as an RFC 5322 .eml file under `dir` and never sends.
 * DKIM-signs when configured, like SMTP would.
 */
export function createOutboxTransport(options: {
  dir: string;
  dkim?: { domainName: string; keySelector: string; privateKey: string };
}): MailTransport {
  const composer = createTransport({ streamTransport: true, buffer: true, newline: 'unix', dkim: options.dkim });
  return {
    name: 'outbox',
    async send(message) {
      let raw: Buffer;
      try {
        const info = await composer.sendMail(toMailOptions(message));
        raw = info.message as Buffer;
      } catch (cause) {
        // A message that cannot be built (a bad DKIM key…) will not build next time either.
        return { status: 'sender_broken', reason: `could not build the message: ${(cause as Error).message}` };
      }
      const path = join(options.dir, outboxFileName(message.messageId));
      try {
        mkdirSync(options.dir, { recursive: true });
        const tmp = `${path}.tmp`;
        writeFileSync(tmp, raw, { flush: true });
        renameSync(tmp, path);
      } catch (cause) {
        // The file is written whole (rename) or not at all: nothing "left"; a full disk may clear up.
        return { status: 'retry', reason: `could not write ${path}: ${(cause as Error).message}` };
      }
      return { status: 'sent', response: `written to ${path}` };
    },
    async reconcile(messageId) {
      return existsSync(join(options.dir, outboxFileName(messageId))) ? 'sent' : 'not_sent';
    },
    async verify() {
      try {
        mkdirSync(options.dir, { recursive: true });
        return { ok: true, detail: `writes .eml files to ${options.dir}/, never sends` };
      } catch (cause) {
        return {
          ok: false,
          outcome: 'sender_broken',
          detail: `cannot create ${options.dir}: ${(cause as Error).message}`,
        };
      }
    },
  };
}
