import { createTransport } from 'nodemailer';
import type { MailTransport, SendOutcome, VerifyResult } from '../../pipeline/outreach/ports.js';
import { toMailOptions } from './nodemailer-message.js';
import { classifySmtpFailure, type SmtpFailure } from './smtp-outcome.js';

export interface SmtpOptions {
  url: string;
  dkim?: { domainName: string; keySelector: string; privateKey: string };
  /** For tests against a local server with a self-signed certificate. */
  tls?: { rejectUnauthorized: boolean };
  /** Socket timeout in ms (default 30 s); connection and greeting timeouts are derived from it. */
  timeoutMs?: number;
}

/**
 * Records whether nodemailer finished streaming the message (it logs "<n bytes encoded mime message>" at info level
 * when the DATA stream, final dot included, has been written to the socket). Everything else is dropped.
 */
function stageLogger() {
  const state = { dataEnded: false };
  const note = (meta: unknown) => {
    if ((meta as { tnx?: string } | undefined)?.tnx === 'message') state.dataEnded = true;
  };
  const quiet = () => {};
  return { state, logger: { info: note, debug: quiet, warn: quiet, error: quiet, trace: quiet, fatal: quiet } };
}

/**
 * SMTP through nodemailer (`SMTP_URL` or a MAIL_SENDERS entry), DKIM-signed when configured (List-Unsubscribe headers
 * included). One connection per message, so a failure is known to belong to this message and its stage is exact.
 */
export function createSmtpTransport(options: SmtpOptions): MailTransport {
  const timeout = options.timeoutMs ?? 30_000;
  const build = (logger: ReturnType<typeof stageLogger>['logger']) =>
    createTransport({
      url: options.url,
      dkim: options.dkim,
      tls: options.tls,
      connectionTimeout: Math.min(15_000, timeout),
      greetingTimeout: Math.min(10_000, timeout),
      socketTimeout: timeout,
      logger,
    } as Parameters<typeof createTransport>[0]);
  return {
    name: 'smtp',
    async send(message): Promise<SendOutcome> {
      const { state, logger } = stageLogger();
      const mailer = build(logger);
      try {
        const info = await mailer.sendMail(toMailOptions(message));
        return { status: 'sent', response: String(info.response ?? '') };
      } catch (cause) {
        return classifySmtpFailure(cause as SmtpFailure, state.dataEnded);
      } finally {
        mailer.close();
      }
    },
    // SMTP cannot be asked afterwards whether a message left; a human checks the Sent folder.
    async reconcile() {
      return 'unknown';
    },
    async verify(): Promise<VerifyResult> {
      const mailer = build(stageLogger().logger);
      try {
        await mailer.verify();
        return { ok: true, detail: 'connected, EHLO, STARTTLS/TLS and AUTH accepted (nothing sent)' };
      } catch (cause) {
        const outcome = classifySmtpFailure(cause as SmtpFailure, false);
        return { ok: false, outcome: outcome.status, detail: outcome.status === 'sent' ? '' : outcome.reason };
      } finally {
        mailer.close();
      }
    },
  };
}
