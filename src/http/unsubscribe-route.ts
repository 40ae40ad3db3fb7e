import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolveUnsubscribe, type UnsubscribeDeps, unsubscribe } from '../pipeline/outreach/unsubscribe.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
  `<title>${escapeHtml(title)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1d1c1d}` +
  `button{font:inherit;padding:.5rem 1.25rem;border-radius:6px;border:0;background:#1d1c1d;color:#fff;cursor:pointer}</style></head>` +
  `<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;

function send(res: ServerResponse, status: number, html: string): true {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-robots-tag': 'noindex',
  });
  res.end(html);
  return true;
}

/**
 * `/u/<token>`: GET shows a confirmation page (so link scanners never unsubscribe anyone), POST suppresses
 * at once (RFC 8058 one-click or the page's button). A bad token is a 404 that changes nothing.
 * Returns false for paths it does not own, so it can be mounted beside other routes.
 */
export function createUnsubscribeRoute(deps: UnsubscribeDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/u\/([^/]+)\/?$/.exec(url.pathname);
    if (!match) return false;
    const token = decodeURIComponent(match[1]!);
    if (req.method === 'GET' || req.method === 'HEAD') {
      const email = resolveUnsubscribe(token, deps);
      if (!email)
        return send(
          res,
          404,
          page('Link not recognised', '<p>This unsubscribe link is not valid. Nothing was changed.</p>'),
        );
      return send(
        res,
        200,
        page(
          'Unsubscribe',
          `<p>Stop all emails to <strong>${escapeHtml(email)}</strong>?</p><form method="post"><button type="submit">Unsubscribe</button></form>`,
        ),
      );
    }
    if (req.method === 'POST') {
      await drain(req);
      const email = unsubscribe(token, 'one-click', deps);
      if (!email)
        return send(
          res,
          404,
          page('Link not recognised', '<p>This unsubscribe link is not valid. Nothing was changed.</p>'),
        );
      return send(
        res,
        200,
        page("You're unsubscribed", `<p>We won't email <strong>${escapeHtml(email)}</strong> again.</p>`),
      );
    }
    res.writeHead(405, { allow: 'GET, POST' }).end();
    return true;
  };
}

async function drain(req: IncomingMessage): Promise<void> {
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 10_000) break;
  }
}
