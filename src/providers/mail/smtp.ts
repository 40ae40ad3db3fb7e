import { createTransport } from 'nodemailer';
import { AppError } from '../../errors.js';
import type { MailTransport } from '../../pipeline/outreach/ports.js';
import { toMailOptions } from './nodemailer-message.js';

/** SMTP through nodemailer (`SMTP_URL`), DKIM-signed when configured (List-Unsubscribe headers included). */
export function createSmtpTransport(options: {
  url: string;
  dkim?: { domainName: string; keySelector: string; privateKey: string };
  /** For tests against a local server with a self-signed certificate. */
  tls?: { rejectUnauthorized: boolean };
}): MailTransport {
  const mailer = createTransport({
    url: options.url,
    dkim: options.dkim,
    tls: options.tls,
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Parameters<typeof createTransport>[0]);
  return {
    name: 'smtp',
    async send(message) {
      try {
        const info = await mailer.sendMail(toMailOptions(message));
        const rejected = (info.rejected ?? []).length > 0;
        return { accepted: !rejected, response: String(info.response ?? '') };
      } catch (cause) {
        const err = cause as Error & { responseCode?: number; code?: string };
        const permanent = typeof err.responseCode === 'number' && err.responseCode >= 500;
        throw new AppError(permanent ? 'provider_failed' : 'timeout', `SMTP: ${err.message}`, {
          cause,
          details: { responseCode: err.responseCode, code: err.code, permanent },
        });
      }
    },
    // SMTP cannot be asked afterwards whether a message left; a human checks the Sent folder.
    async reconcile() {
      return 'unknown';
    },
  };
}
