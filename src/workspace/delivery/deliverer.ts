import type { Logger } from '../../logger.js';
import type { Json } from '../store/types.js';
import { signSlackRequest } from './sign.js';

export type WorkspaceLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/** What the bot answered to one delivery (its ack). `status` 0 means no answer (refused or timed out). */
export interface DeliveryResult {
  ok: boolean;
  status: number;
  body: string;
  contentType: string;
  /** 'http_timeout' | 'http_error' | 'connection_failed' when `ok` is false. */
  reason?: string;
  attempts: number;
}

/** One request to the bot, in one of the three shapes Slack sends to a Request URL. */
export type Delivery =
  | { type: 'event'; envelope: Json }
  | { type: 'interaction'; payload: Json }
  | { type: 'command'; fields: Record<string, string> };

export interface DelivererOptions {
  signingSecret: string;
  /** The bot's Request URL, e.g. http://127.0.0.1:3000/slack/events. */
  eventsUrl: string;
  logger: WorkspaceLogger;
  now?: () => Date;
  /** Slack waits 3 seconds for an ack. */
  ackTimeoutMs?: number;
  /** Delays before the up-to-three Events API retries (Slack: immediately, 1 min, 5 min); `X-Slack-No-Retry: 1` stops them. */
  retryDelaysMs?: number[];
}

export type Deliver = (delivery: Delivery) => Promise<DeliveryResult>;

/**
 * Delivers requests to the bot as Slack does: signed with v0 HMAC-SHA256; events as JSON with up to three
 * retries carrying `X-Slack-Retry-Num` and `X-Slack-Retry-Reason`; interactions (`payload=`) and slash commands
 * form-encoded, never retried.
 */
export function createDeliverer(options: DelivererOptions): Deliver {
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.ackTimeoutMs ?? 3000;
  const retryDelays = options.retryDelaysMs ?? [1000, 5000, 15_000];

  async function post(body: string, contentType: string, extra: Record<string, string>) {
    const headers = {
      'content-type': contentType,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...signSlackRequest(options.signingSecret, body, Math.floor(now().getTime() / 1000)),
      ...extra,
    };
    const answer = { ok: false, status: 0, body: '', contentType: '', reason: undefined as string | undefined };
    try {
      const res = await fetch(options.eventsUrl, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      Object.assign(answer, { ok: res.ok, status: res.status, body: await res.text() });
      answer.contentType = res.headers.get('content-type') ?? '';
      if (!res.ok) answer.reason = 'http_error';
      return { answer, noRetry: res.headers.get('x-slack-no-retry') === '1' };
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      answer.reason = timedOut ? 'http_timeout' : 'connection_failed';
      return { answer, noRetry: false };
    }
  }

  return async (delivery) => {
    if (delivery.type !== 'event') {
      const form =
        delivery.type === 'interaction'
          ? new URLSearchParams({ payload: JSON.stringify(delivery.payload) })
          : new URLSearchParams(delivery.fields);
      const { answer } = await post(form.toString(), 'application/x-www-form-urlencoded', {});
      if (!answer.ok)
        options.logger.warn({ status: answer.status, reason: answer.reason }, 'workspace: bot did not ack');
      return { ...answer, attempts: 1 };
    }
    const body = JSON.stringify(delivery.envelope);
    let result = await post(body, 'application/json', {});
    let attempts = 1;
    for (const delay of retryDelays) {
      if (result.answer.ok || result.noRetry) break;
      await new Promise((r) => setTimeout(r, delay).unref?.());
      result = await post(body, 'application/json', {
        'x-slack-retry-num': String(attempts),
        'x-slack-retry-reason': result.answer.reason ?? 'http_error',
      });
      attempts += 1;
    }
    const { answer } = result;
    if (!answer.ok)
      options.logger.warn(
        { eventId: delivery.envelope.event_id, status: answer.status, reason: answer.reason, attempts },
        'workspace: event not acknowledged after retries',
      );
    return { ...answer, attempts };
  };
}
