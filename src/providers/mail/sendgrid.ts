import sendgridClient from '@sendgrid/client';
import sendgridMail from '@sendgrid/mail';
import { addressOf, displayNameOf } from '../../pipeline/outreach/compose-message.js';
import type { MailTransport, SendOutcome, VerifyResult } from '../../pipeline/outreach/ports.js';
import { classifySendgrid } from './sendgrid-outcome.js';

type SendgridError = Error & {
  code?: number | string;
  response?: { headers?: Record<string, unknown>; body?: unknown };
};

/**
 * SendGrid's v3 Mail Send API through `@sendgrid/mail` (POST /v3/mail/send, 202 Accepted on success).
 * Our Message-ID and threading headers are passed as custom headers so replies can be matched.
 */
export function createSendgridTransport(options: {
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
  now?: () => number;
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
  const now = options.now ?? Date.now;
  const classifyError = (cause: unknown): SendOutcome => {
    const err = cause as SendgridError;
    if (typeof err.code === 'number')
      return classifySendgrid(
        { kind: 'response', status: err.code, headers: err.response?.headers ?? {}, body: err.response?.body },
        now(),
      );
    return classifySendgrid({ kind: 'network', code: err.code, message: err.message }, now());
  };
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
        const outcome = classifySendgrid(
          { kind: 'response', status: response.statusCode, headers: response.headers, body: response.body },
          now(),
        );
        return outcome.status === 'sent'
          ? { status: 'sent', response: `${response.statusCode}${id ? ` ${id}` : ''}` }
          : outcome;
      } catch (cause) {
        return classifyError(cause);
      }
    },
    async reconcile() {
      return 'unknown';
    },
    /** Asks for the key's scopes (GET /v3/scopes): the key works and may send mail, nothing is sent. */
    async verify(): Promise<VerifyResult> {
      try {
        const [response] = await client.request({ method: 'GET', url: '/v3/scopes' });
        const scopes = (response.body as { scopes?: string[] } | undefined)?.scopes ?? [];
        if (scopes.length > 0 && !scopes.includes('mail.send'))
          return { ok: false, outcome: 'sender_broken', detail: 'the API key has no mail.send scope' };
        return { ok: true, detail: 'API key accepted (nothing sent)' };
      } catch (cause) {
        const outcome = classifyError(cause);
        return { ok: false, outcome: outcome.status, detail: outcome.status === 'sent' ? '' : outcome.reason };
      }
    },
  };
}
