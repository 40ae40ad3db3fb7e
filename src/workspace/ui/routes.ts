import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { type RouteHandler, readBody, sendJson } from '../http.js';
import type { WorkspaceStore } from '../store/store.js';
import type { UserActions } from './actions.js';
import { parseRawValue, parseRawValues } from './elements.js';
import { createEventStream } from './event-stream.js';
import { type SandboxInfo, snapshot } from './snapshot.js';

const STATIC: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'agent.js': 'text/javascript; charset=utf-8',
  'blocks.js': 'text/javascript; charset=utf-8',
  'mrkdwn.js': 'text/javascript; charset=utf-8',
  'dom.js': 'text/javascript; charset=utf-8',
  'elements.js': 'text/javascript; charset=utf-8',
  'state.js': 'text/javascript; charset=utf-8',
  'messages.js': 'text/javascript; charset=utf-8',
  'modal.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'index.html': 'text/html; charset=utf-8',
};

/** The page's files: next to the sources, or (after `npm run build`) back in src/. */
function publicDir(): string {
  const candidates = ['../public/', '../../../src/workspace/public/'].map((p) =>
    fileURLToPath(new URL(p, import.meta.url)),
  );
  return candidates.find((dir) => existsSync(`${dir}index.html`)) ?? candidates[0]!;
}

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' https: http: data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export interface UiRouteOptions {
  store: WorkspaceStore;
  actions: UserActions;
  /** Read on every snapshot, so a late LLM probe shows up. */
  sandbox: SandboxInfo | (() => SandboxInfo);
  /** Slash commands the app defines (manifest `features.slash_commands`). */
  commands: string[];
}

/** The page's own requests must be JSON from the same origin (a cross-site form post cannot act as the user). */
function sameOrigin(req: IncomingMessage): boolean {
  if (!String(req.headers['content-type'] ?? '').includes('application/json')) return false;
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Serves the page, its files, a state snapshot, live updates (SSE) and the user's actions. */
export function createUiRoutes(options: UiRouteOptions): RouteHandler & { close(): void } {
  const dir = publicDir();
  const stream = createEventStream(options.store);
  const files = new Map<string, Buffer>();
  const file = (name: string) => {
    if (!files.has(name)) files.set(name, readFileSync(`${dir}${name}`));
    return files.get(name)!;
  };
  const serve = (res: ServerResponse, name: string) => {
    res.writeHead(200, { 'content-type': STATIC[name]!, ...SECURITY_HEADERS });
    res.end(file(name));
  };
  const act = createActionHandler(options);

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = new URL(req.url ?? '/', 'http://workspace.local').pathname;
    if (req.method === 'GET' && (path === '/' || path.startsWith('/archives/'))) {
      serve(res, 'index.html');
      return true;
    }
    if (req.method === 'GET' && path.startsWith('/workspace/static/')) {
      const name = path.slice('/workspace/static/'.length);
      if (!Object.hasOwn(STATIC, name)) return false;
      serve(res, name);
      return true;
    }
    if (req.method === 'GET' && path === '/workspace/ui/state') {
      sendJson(
        res,
        200,
        snapshot(
          options.store,
          typeof options.sandbox === 'function' ? options.sandbox() : options.sandbox,
          options.commands,
        ),
        { 'cache-control': 'no-store' },
      );
      return true;
    }
    if (req.method === 'GET' && path === '/workspace/ui/stream') {
      stream.open(req, res);
      return true;
    }
    if (req.method === 'POST' && path.startsWith('/workspace/ui/')) {
      if (!sameOrigin(req)) {
        sendJson(res, 403, { ok: false, error: 'Requests must be JSON from this page.' });
        return true;
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(await readBody(req, 256 * 1024)) as Record<string, unknown>;
      } catch {
        sendJson(res, 400, { ok: false, error: 'The body must be a JSON object.' });
        return true;
      }
      await act(path.slice('/workspace/ui/'.length), body ?? {}, res);
      return true;
    }
    return false;
  };
  return Object.assign(handler, { close: () => stream.close() });
}

function createActionHandler(options: UiRouteOptions) {
  const { actions } = options;
  const s = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return async (name: string, b: Record<string, unknown>, res: ServerResponse) => {
    try {
      switch (name) {
        case 'say': {
          const m = actions.say({ channel: s(b.channel) ?? '', text: s(b.text) ?? '', threadTs: s(b.threadTs) });
          return sendJson(res, 200, { ok: true, ts: m.ts });
        }
        case 'command': {
          const command = s(b.command) ?? '';
          if (!options.commands.includes(command))
            return sendJson(res, 400, {
              ok: false,
              error: `${command} is not a valid command. Try ${options.commands.join(', ')}.`,
            });
          const result = await actions.command({ channel: s(b.channel) ?? '', command, text: s(b.text) ?? '' });
          return sendJson(res, 200, { ok: result.ok, status: result.status, reason: result.reason });
        }
        case 'click': {
          const result = await actions.click({
            channel: s(b.channel),
            messageTs: s(b.messageTs),
            ephemeralTs: s(b.ephemeralTs),
            viewId: s(b.viewId),
            blockId: s(b.blockId) ?? '',
            actionId: s(b.actionId) ?? '',
            selected: parseRawValue(b.selected),
            values: parseRawValues(b.values),
          });
          return sendJson(res, 200, { ok: result.ok, status: result.status, reason: result.reason });
        }
        case 'submit':
          return sendJson(res, 200, {
            ok: true,
            outcome: await actions.submitView({ viewId: s(b.viewId) ?? '', values: parseRawValues(b.values) }),
          });
        case 'close':
          await actions.closeView({ viewId: s(b.viewId) ?? '' });
          return sendJson(res, 200, { ok: true });
        case 'home':
          actions.openHome({ tab: b.tab === 'messages' ? 'messages' : 'home' });
          return sendJson(res, 200, { ok: true });
        case 'dismiss':
          options.store.removeEphemeral(s(b.ts) ?? '');
          return sendJson(res, 200, { ok: true });
        default:
          return sendJson(res, 404, { ok: false, error: `unknown action ${name}` });
      }
    } catch (err) {
      return sendJson(res, 400, { ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  };
}
