import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';

/** A route on the shared server: answer and return true, or return false (untouched) to let the next one try. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | boolean;

export interface HttpServer {
  server: Server;
  /** Adds a route; routes are tried in the order they were mounted. */
  mount(name: string, handler: RouteHandler): void;
  listen(port: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * leadbot's one HTTP server: /healthz, Slack's POST /slack/events, unsubscribe links, and the local workspace page
 * all share PORT. An unreadable request target gets 400, unknown paths 404; a failing route gets 500 and is logged,
 * never crashing the process.
 */
export function createHttpServer(options: {
  logger: Logger;
  health: () => Record<string, unknown>;
  /** Sees every answered request: the route that answered it ('healthz', a mounted name, 'not_found'), its time. */
  observe?: (route: string, method: string, status: number, seconds: number) => void;
}): HttpServer {
  const routes: { name: string; handler: RouteHandler }[] = [];
  const server = createServer((req, res) => {
    const started = performance.now();
    let answeredBy = 'not_found';
    if (options.observe)
      res.once('finish', () =>
        options.observe!(answeredBy, req.method ?? 'GET', res.statusCode, (performance.now() - started) / 1000),
      );
    void (async () => {
      const path = URL.canParse(req.url ?? '/', 'http://localhost')
        ? new URL(req.url ?? '/', 'http://localhost').pathname
        : undefined;
      if (path === undefined) {
        answeredBy = 'bad_request';
        res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request\n');
        return;
      }
      if (req.method === 'GET' && path === '/healthz') {
        answeredBy = 'healthz';
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ok: true, ...options.health() }));
        return;
      }
      for (const route of routes) {
        answeredBy = route.name;
        if (await route.handler(req, res)) return;
      }
      answeredBy = 'not_found';
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    })().catch((err) => {
      options.logger.error({ err, url: req.url }, 'HTTP request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    });
  });
  return {
    server,
    mount(name, handler) {
      routes.push({ name, handler });
    },
    listen(port) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
