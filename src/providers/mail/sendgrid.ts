import sendgridClient from '@sendgrid/client';
import sendgridMail from '@sendgrid/mail';
import { AppError } from '../../errors.js';
import { addressOf, displayNameOf } from '../../pipeline/outreach/compose-message.js';
import type { MailTransport } from '../../pipeline/outreach/ports.js';

/**
 * SendGrid's v3 Mail Send API through `@sendgrid/mail` (POST /v3/mail/send, 202 Accepted on success).
 * Our Message-ID and threading headers are passed as custom headers so replies can be matched.
 */
export function createSendgridTransport(options: {
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
}): MailTransport {
  // The packages' typings only describe their singletons; the classes are exported at runtime too.
  const { Client } = sendgridClient as unknown as { Client: new () => typeof sendgridClient };
  const { MailService } = sendgridMail as unknown as { MailService: new () => typeof sendgridMail };
  const client = new Client();
  client.setApiKey(options.apiKey);
  if (options.baseUrl) client.setDefaultRequest('baseUrl', options.baseUrl);
  client.setDefaultRequest('timeout' as never, (options.timeoutMs ?? 30_000) as never);
  const mail = new MailService();
  mail.setClient(client);
  return {
    name: 'sendgrid',
    async send(message) {
      const headers: Record<string, string> = { ...message.headers, 'Message-ID': message.messageId };
      if (message.inReplyTo) headers['In-Reply-To'] = message.inReplyTo;
      if (message.references?.length) headers.References = message.references.join(' ');
      const fromName = displayNameOf(message.from);
      try {
        const [response] = await mail.send({
          to: message.to,
          from: fromName ? { email: addressOf(message.from), name: fromName } : addressOf(message.from),
          subject: message.subject,
          text: message.text,
          headers,
          trackingSettings: { clickTracking: { enable: false }, openTracking: { enable: false } },
        });
        const id = response.headers['x-message-id'];
        return {
          accepted: response.statusCode >= 200 && response.statusCode < 300,
          response: `${response.statusCode}${id ? ` ${id}` : ''}`,
        };
      } catch (cause) {
        const err = cause as Error & { code?: number; response?: { body?: unknown } };
        const status = typeof err.code === 'number' ? err.code : undefined;
        const body = JSON.stringify(err.response?.body ?? '').slice(0, 300);
        const code =
          status === 401
            ? 'unauthorized'
            : status === 403
              ? 'forbidden'
              : status === 429
                ? 'rate_limited'
                : 'provider_failed';
        throw new AppError(code, `SendGrid: ${status ?? ''} ${err.message} ${body}`.trim(), {
          cause,
          details: { status, permanent: status !== undefined && status >= 400 && status < 500 && status !== 429 },
        });
      }
    },
    async reconcile() {
      return 'unknown';
    },
  };
}
