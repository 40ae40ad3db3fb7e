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

const notRecognised = (res: ServerResponse) =>
  send(res, 404, page('Link not recognised', '<p>This unsubscribe link is not valid. Nothing was changed.</p>'));

const malformed = (res: ServerResponse) =>
  send(
    res,
    400,
    page(
      'Link not readable',
      '<p>This unsubscribe link is damaged (it may have been cut or changed when it was copied). Nothing was ' +
        'changed. Open the link from the email itself, or reply to the email asking to be removed.</p>',
    ),
  );

/** A token is base64url text and a dot; anything longer than this is not one of ours. */
const MAX_TOKEN_LENGTH = 600;

/**
 * The token in `/u/<token>`: `undefined` when the path is not this route's, `null` when it is but cannot hold a
 * token (bad percent-encoding, characters no token has, far too long).
 */
function tokenOf(rawUrl: string | undefined): string | null | undefined {
  let pathname: string;
  try {
    pathname = new URL(rawUrl ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
  const match = /^\/u\/([^/]+)\/?$/.exec(pathname);
  if (!match) return undefined;
  if (match[1]!.length > 3 * MAX_TOKEN_LENGTH) return null;
  let token: string;
  try {
    token = decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
  return token.length <= MAX_TOKEN_LENGTH && /^[A-Za-z0-9_.-]+$/.test(token) ? token : null;
}

/**
 * `/u/<token>`: GET shows a confirmation page (so link scanners never unsubscribe anyone), POST suppresses
 * at once (RFC 8058 one-click or the page's button). A link that cannot hold a token (bad percent-encoding, stray
 * characters) is a 400 and a well-formed token that is not ours a 404; neither changes anything.
 * Returns false for paths it does not own, so it can be mounted beside other routes.
 */
export function createUnsubscribeRoute(deps: UnsubscribeDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const token = tokenOf(req.url);
    if (token === undefined) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') {
      res.writeHead(405, { allow: 'GET, POST' }).end();
      return true;
    }
    if (req.method === 'POST') await drain(req);
    if (token === null) return malformed(res);
    if (req.method === 'POST') {
      const email = await unsubscribe(token, 'one-click', deps);
      if (!email) return notRecognised(res);
      return send(
        res,
        200,
        page("You're unsubscribed", `<p>We won't email <strong>${escapeHtml(email)}</strong> again.</p>`),
      );
    }
    const email = resolveUnsubscribe(token, deps);
    if (!email) return notRecognised(res);
    return send(
      res,
      200,
      page(
        'Unsubscribe',
        `<p>Stop all emails to <strong>${escapeHtml(email)}</strong>?</p><form method="post"><button type="submit">Unsubscribe</button></form>`,
      ),
    );
  };
}

/** Reads and discards up to 10 kB of the body (one-click POSTs carry a short form); an aborted body is ignored. */
async function drain(req: IncomingMessage): Promise<void> {
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > 10_000) break;
    }
  } catch {
    // The client went away; there is nothing to read and nobody to answer.
  }
}
