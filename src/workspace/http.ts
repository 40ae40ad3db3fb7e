import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The route-mount contract shared with the bot's HTTP server: handle the request and return true,
 * or return false (without touching `res`) to let the next handler try.
 */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | boolean;

/** Largest request body the workspace accepts (Slack's own limit for a message with blocks is far smaller). */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Reads a request body as UTF-8; rejects bodies larger than `limit` bytes. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error(`request body is larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Writes a JSON response. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** Runs handlers in order until one handles the request. */
export function chainRoutes(...handlers: RouteHandler[]): RouteHandler {
  return async (req, res) => {
    for (const handler of handlers) if (await handler(req, res)) return true;
    return false;
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True when the request comes from this machine and names it (no LAN clients, no DNS-rebound hostnames). */
export function isLocalRequest(req: IncomingMessage): boolean {
  const host = String(req.headers.host ?? '')
    .replace(/:\d+$/, '')
    .toLowerCase();
  return LOOPBACK.has(req.socket.remoteAddress ?? '') && LOCAL_HOSTS.has(host);
}

/**
 * Lets only this machine reach `handler` for the paths `owns` claims (unless `allowRemote`): the workspace acts
 * as its user, so a LAN client or a rebound hostname must not be able to approve anything.
 */
export function localOnly(handler: RouteHandler, owns: (path: string) => boolean, allowRemote: boolean): RouteHandler {
  if (allowRemote) return handler;
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://workspace.local').pathname;
    if (!owns(path) || isLocalRequest(req)) return handler(req, res);
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(
      'The local workspace only answers on this machine (open http://localhost:PORT/ there).\n' +
        'Set WORKSPACE_ALLOW_REMOTE=true to open it from other machines.\n',
    );
    return true;
  };
}
