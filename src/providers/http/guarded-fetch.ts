import type { LookupFunction } from 'node:net';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import { AppError, isAppError } from '../../errors.js';
import type { UrlGuard } from './url-guard.js';

const MAX_REDIRECTS = 5;

/**
 * A connector whose DNS lookup is the guard's: the host is resolved once per connection, every address vetted, and
 * the socket connected to a vetted address (no second lookup for a rebinding answer to slip into). The socket's
 * remote address is checked again once connected, which also covers hosts written as IP addresses.
 */
function guardedConnector(guard: UrlGuard): buildConnector.connector {
  return (options, callback) => {
    const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
    const lookup: LookupFunction = (hostname, lookupOptions, done) => {
      guard.resolveFor(hostname, port).then(
        (addresses) => {
          if (lookupOptions.all) done(null, addresses);
          else done(null, addresses[0]!.address, addresses[0]!.family);
        },
        (err: Error) => done(err as NodeJS.ErrnoException, ''),
      );
    };
    buildConnector({ lookup })(options, (err, socket) => {
      if (err || !socket) return callback(err ?? new Error('no socket'), null);
      const remote = socket.remoteAddress ?? '';
      if (guard.allowsAddress(options.hostname, remote, port)) return callback(null, socket);
      socket.destroy();
      callback(
        new AppError('invalid_input', `${options.hostname} connected to ${remote || 'an unknown address'}; refused`),
        null,
      );
    });
  };
}

/** The AppError behind undici's "fetch failed", if a refusal caused it. */
function refusalIn(err: unknown): AppError | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 4; depth++) {
    if (isAppError(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * `fetch` for URLs that come from strangers: every request, and every redirect it follows, is vetted by the guard
 * before it is sent, and connections go only to vetted addresses (see guardedConnector). Redirects are followed
 * here, hop by hop, when the caller asks to follow them; `redirect: 'manual'` returns the 3xx as it is.
 * @throws AppError invalid_input for a refused URL, address, port or redirect.
 */
export function createGuardedFetch(guard: UrlGuard): typeof fetch {
  const dispatcher = new Agent({ connect: guardedConnector(guard) });
  const guarded = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    let url = new URL(input instanceof Request ? input.url : input);
    const follow = (init.redirect ?? 'follow') === 'follow';
    for (let hop = 0; ; hop++) {
      await guard.check(url);
      let res: Response;
      try {
        res = (await undiciFetch(url, { ...(init as object), redirect: 'manual', dispatcher })) as unknown as Response;
      } catch (err) {
        throw refusalIn(err) ?? err;
      }
      const location = res.headers.get('location');
      const method = (init.method ?? 'GET').toUpperCase();
      if (!follow || res.status < 300 || res.status >= 400 || !location || (method !== 'GET' && method !== 'HEAD'))
        return res;
      await res.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new AppError('invalid_input', `more than ${MAX_REDIRECTS} redirects from ${url}`);
      url = new URL(location, url);
    }
  };
  return guarded as typeof fetch;
}
