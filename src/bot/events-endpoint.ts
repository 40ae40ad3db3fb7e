import type { IncomingMessage } from 'node:http';
import { type App as BoltApp, type HTTPReceiver, isValidSlackRequest } from '@slack/bolt';
import type { RouteHandler } from '../http/server.js';
import type { Logger } from '../logger.js';

export const EVENTS_PATH = '/slack/events';
/** Slack's bodies are small; Bolt's own limit is 4 MB. */
const BODY_LIMIT = 4 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Slack's replay window, in seconds, in both directions. */
const MAX_CLOCK_SKEW = 5 * 60;

/**
 * True when the request carries an `x-slack-request-timestamp` dated more than five minutes in the future. Bolt's
 * verifier only refuses stale timestamps; a request signed for the future could otherwise be replayed until then.
 */
function datedInTheFuture(req: IncomingMessage, nowMs: number): boolean {
  const timestamp = Number(header(req, 'x-slack-request-timestamp'));
  return Number.isFinite(timestamp) && timestamp > Math.floor(nowMs / 1000) + MAX_CLOCK_SKEW;
}

/**
 * POST /slack/events. Every request dated more than five minutes ahead is refused (401) like a stale one. Events API
 * deliveries are verified (signature and a timestamp within five minutes) and
 * acknowledged at once, before any work, then handed to Bolt: a burst of events or a slow model never delays an
 * ack past Slack's 3 seconds. Interactivity and slash commands, whose acknowledgement can carry an answer (modal
 * errors, an ephemeral reply), go through Bolt's HTTP receiver unchanged.
 */
export function createEventsEndpoint(options: {
  bolt: BoltApp;
  receiver: HTTPReceiver;
  signingSecret: string;
  logger: Logger;
  now?: () => number;
}): RouteHandler {
  const { bolt, receiver, signingSecret, logger } = options;
  const now = options.now ?? Date.now;
  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== EVENTS_PATH) return false;
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return true;
    }
    const raw = await readBody(req);
    if (!raw) {
      res.writeHead(413).end();
      return true;
    }
    if (datedInTheFuture(req, now())) {
      logger.warn({ path }, 'refused a request dated more than five minutes in the future');
      res.writeHead(401).end();
      return true;
    }
    const isJson = (header(req, 'content-type') ?? '').startsWith('application/json');
    let body: Record<string, unknown> | undefined;
    if (isJson)
      try {
        body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      } catch {
        body = undefined;
      }
    if (body?.type !== 'event_callback') {
      // Bolt reads a pre-read body from req.rawBody.
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
      receiver.requestListener(req, res);
      return true;
    }
    const valid = isValidSlackRequest({
      signingSecret,
      nowMilliseconds: now(),
      body: raw.toString('utf8'),
      headers: {
        'x-slack-signature': header(req, 'x-slack-signature') ?? '',
        'x-slack-request-timestamp': Number(header(req, 'x-slack-request-timestamp')),
      },
    });
    if (!valid) {
      logger.warn({ path }, 'refused an event with a bad signature or an old timestamp');
      res.writeHead(401).end();
      return true;
    }
    res.writeHead(200).end();
    const retry = header(req, 'x-slack-retry-num');
    const event = {
      body,
      ack: async () => {},
      retryNum: retry === undefined ? undefined : Number.parseInt(retry, 10),
      retryReason: header(req, 'x-slack-retry-reason'),
      customProperties: {},
    };
    setImmediate(() => {
      bolt.processEvent(event).catch((err) => logger.error({ err }, 'a Slack event failed'));
    });
    return true;
  };
}
