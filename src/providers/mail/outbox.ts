import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { AppError } from '../../errors.js';
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
        throw new AppError('provider_failed', `Could not build the message: ${(cause as Error).message}`, { cause });
      }
      mkdirSync(options.dir, { recursive: true });
      const path = join(options.dir, outboxFileName(message.messageId));
      const tmp = `${path}.tmp`;
      writeFileSync(tmp, raw, { flush: true });
      renameSync(tmp, path);
      return { accepted: true, response: `written to ${path}` };
    },
    async reconcile(messageId) {
      return existsSync(join(options.dir, outboxFileName(messageId))) ? 'sent' : 'not_sent';
    },
  };
}
