import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chainRoutes, type RouteHandler } from '../../src/workspace/http.js';
import { createWorkspace, type Workspace, type WorkspaceOptions } from '../../src/workspace/index.js';
import type { BotFactory } from '../../src/workspace/start.js';

export interface Harness {
  ws: Workspace;
  baseUrl: string;
  server: Server;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1:0 with the workspace (and optionally a bot) mounted, as main.ts does. */
export async function startHarness(
  options: Partial<WorkspaceOptions> & { bot?: BotFactory; extra?: RouteHandler } = {},
): Promise<Harness> {
  let route: RouteHandler = () => false;
  const server = createServer((req, res) => {
    Promise.resolve(route(req, res)).then(
      (handled) => {
        if (!handled) res.writeHead(404).end('not found');
      },
      (err) => {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(err));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { bot, extra, ...rest } = options;
  const ws = createWorkspace({ baseUrl, retryDelaysMs: [50, 100, 200], ...rest });
  const mounted = bot
    ? await bot({ botToken: ws.botToken, signingSecret: ws.signingSecret, slackApiUrl: ws.apiUrl })
    : undefined;
  route = chainRoutes(ws.handler, ...(mounted?.handler ? [mounted.handler] : []), ...(extra ? [extra] : []));
  return {
    ws,
    baseUrl,
    server,
    async close() {
      await mounted?.stop?.();
      ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Calls a Web API method the way @slack/web-api does (form-encoded, JSON-stringified objects, Bearer token). */
export async function callApi(h: Harness, method: string, args: Record<string, unknown>, token = h.ws.botToken) {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(args))
    if (v !== undefined) form.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  const res = await fetch(`${h.ws.apiUrl}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` },
    body: form.toString(),
  });
  // biome-ignore lint/suspicious/noExplicitAny: assertions read deep response JSON
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

/** Polls until `check` returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
