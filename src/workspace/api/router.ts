import type { WorkspaceLogger } from '../delivery/deliverer.js';
import { type RouteHandler, readBody, sendJson } from '../http.js';
import type { Json } from '../store/types.js';
import { assistantMethods } from './assistant.js';
import { parseApiCall, SlackApiError, str } from './call.js';
import { chatMethods } from './chat.js';
import type { ApiContext, ApiMethod } from './context.js';
import { conversationMethods } from './conversations.js';
import { miscMethods } from './misc.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';
import { streamMethods } from './streams.js';
import { viewMethods } from './views.js';

/** Every Web API method the workspace implements. */
const API_METHODS: Record<string, ApiMethod> = {
  ...chatMethods,
  ...conversationMethods,
  ...viewMethods,
  ...miscMethods,
  ...assistantMethods,
  ...streamMethods,
};

/** One Web API call as the workspace saw it (tests and the page's developer view read these). */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  ok: boolean;
  error?: string;
  at: number;
}

export interface ApiRouterOptions {
  ctx: ApiContext;
  botToken: string;
  logger: WorkspaceLogger;
  /** Path the API is mounted under, ending in '/'. */
  prefix: string;
  /** Enforce Slack-like rate limits (429 with Retry-After). Default true. */
  rateLimits?: boolean;
}

/** The fake Slack Web API: `POST {prefix}{method}` with a bot token, answering `{ ok, ... }` like Slack. */
export function createApiRouter(options: ApiRouterOptions): { handler: RouteHandler; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const warned = new Set<string>();
  const limits: Record<string, RateLimiter> = {
    'chat.postMessage': createRateLimiter(30, 1),
    'chat.update': createRateLimiter(50, 50 / 60),
    'chat.postEphemeral': createRateLimiter(50, 100 / 60),
  };
  const record = (call: RecordedCall) => {
    calls.push(call);
    if (calls.length > 2000) calls.shift();
  };

  const handler: RouteHandler = async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://workspace.local').pathname;
    if (!path.startsWith(options.prefix)) return false;
    const method = path.slice(options.prefix.length);
    const body = await readBody(req);
    const at = Date.now();
    const reply = (status: number, payload: Json, headers: Record<string, string> = {}) =>
      sendJson(res, status, payload, headers);
    let args: Record<string, unknown> = {};
    try {
      const call = parseApiCall(req, method, body);
      args = call.args;
      const impl = Object.hasOwn(API_METHODS, method) ? API_METHODS[method] : undefined;
      if (!impl) {
        if (!warned.has(method))
          options.logger.warn({ method }, 'workspace: the bot called a Web API method the workspace does not simulate');
        warned.add(method);
        throw new SlackApiError('unknown_method', { req_method: method });
      }
      if (!call.token) throw new SlackApiError('not_authed');
      if (call.token !== options.botToken) throw new SlackApiError('invalid_auth');
      const limiter = options.rateLimits === false ? undefined : limits[method];
      const wait = limiter?.take(method === 'chat.postMessage' ? `${str(call.args, 'channel')}` : method) ?? 0;
      if (wait > 0) {
        record({ method, args: call.args, ok: false, error: 'ratelimited', at });
        reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(wait) });
        return true;
      }
      const result = await impl(call.args, options.ctx);
      record({ method, args: call.args, ok: true, at });
      reply(200, { ok: true, ...result });
    } catch (err) {
      if (err instanceof SlackApiError) {
        record({ method, args, ok: false, error: err.error, at });
        if (err.error !== 'unknown_method') options.logger.debug({ method, error: err.error }, 'workspace: API error');
        reply(200, { ok: false, error: err.error, ...err.extra });
      } else {
        options.logger.error({ err, method }, 'workspace: API method failed');
        record({ method, args, ok: false, error: 'internal_error', at });
        reply(500, { ok: false, error: 'internal_error' });
      }
    }
    return true;
  };
  return { handler, calls };
}
