import robotsParserModule from 'robots-parser';
import { getDomain } from 'tldts';
import type { HttpClient } from '../http/client.js';
import type { UrlGuard } from '../http/url-guard.js';

/** The product token robots.txt rules are matched against. */
const ROBOTS_AGENT = 'leadbot';

export interface FetchedPage {
  url: string;
  html: string;
  cut: boolean;
}

export interface SiteFetcherOptions {
  http: HttpClient;
  /** WEBSITE_BASE_URL: replaces scheme and host of every request (tests), '' for none. */
  baseUrl: string;
  maxBytes: number;
  maxHops: number;
  sleep: (ms: number) => Promise<void>;
  /** Vets every URL the site sends us to (the start page and each redirect), before anything is requested. */
  guard: UrlGuard;
}

interface RobotsRules {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}
type ParseRobots = (url: string, contents: string) => RobotsRules;
/** robots-parser is CommonJS: its export is the function itself (its typings claim a default export). */
const robotsParser: ParseRobots =
  (robotsParserModule as unknown as { default?: ParseRobots }).default ??
  (robotsParserModule as unknown as ParseRobots);

type Robots = RobotsRules | 'disallow-all';

/** Same site: same registrable domain (www.acme.com and acme.com; not acme.com and acme-group.com). */
export function sameSite(a: string, b: string): boolean {
  const ha = new URL(a).hostname;
  const hb = new URL(b).hostname;
  return ha === hb || (getDomain(ha) ?? ha) === (getDomain(hb) ?? hb);
}

/**
 * Polite fetching for one site: robots.txt first (and obeyed, with its crawl delay up to 10 s), one request at a
 * time, redirects followed by hand with a hop limit, loop detection and a same-site rule, bodies cut at `maxBytes`.
 * Every URL (the start page, each redirect) passes the guard first: no private, loopback or link-local target, no
 * port but 80 and 443 — also when WEBSITE_BASE_URL sends the requests themselves to a stand-in.
 */
export function createSiteFetcher(options: SiteFetcherOptions) {
  const robots = new Map<string, Robots>();
  const notes: string[] = [];
  let lastRequest = 0;
  const override = options.baseUrl ? new URL(options.baseUrl) : undefined;

  const physical = (logical: URL) =>
    override
      ? `${override.origin}${override.pathname.replace(/\/$/, '')}${logical.pathname}${logical.search}`
      : logical.toString();
  const logicalOf = (location: string, current: URL) => {
    const next = new URL(location, override ? physical(current) : current);
    if (override && next.origin === override.origin) return new URL(`${next.pathname}${next.search}`, current.origin);
    return next;
  };

  const request = async (url: URL, accept: string) => {
    const delay = crawlDelay(url);
    const wait = lastRequest + delay - Date.now();
    if (wait > 0) await options.sleep(wait);
    lastRequest = Date.now();
    return options.http.request<string>({
      url: physical(url),
      responseType: 'text',
      redirect: 'manual',
      maxBytes: options.maxBytes,
      acceptStatuses: [400, 401, 403, 404, 405, 406, 410, 451],
      headers: { accept, ...(override ? { 'x-forwarded-host': url.host } : {}) },
    });
  };

  const crawlDelay = (url: URL) => {
    const r = robots.get(url.origin);
    const seconds = r && r !== 'disallow-all' ? (r.getCrawlDelay(ROBOTS_AGENT) ?? 0) : 0;
    return Math.min(seconds, 10) * 1000;
  };

  const loadRobots = async (url: URL): Promise<Robots> => {
    const known = robots.get(url.origin);
    if (known) return known;
    const robotsUrl = new URL('/robots.txt', url.origin);
    let parsed: Robots;
    try {
      const res = await request(robotsUrl, 'text/plain');
      // RFC 9309: a 4xx means "no rules"; a 5xx or no answer means "assume everything is disallowed".
      parsed =
        res.status >= 500 ? 'disallow-all' : robotsParser(robotsUrl.toString(), res.status < 300 ? res.data : '');
    } catch {
      parsed = 'disallow-all';
    }
    robots.set(url.origin, parsed);
    return parsed;
  };

  /** Why the guard refuses this URL, or undefined when it may be fetched. */
  const refusal = (url: URL) =>
    options.guard.check(url).then(
      () => undefined,
      (err: Error) => err.message,
    );

  const allowed = async (url: URL) => {
    const r = await loadRobots(url);
    if (r === 'disallow-all') return false;
    return r.isAllowed(url.toString(), ROBOTS_AGENT) !== false;
  };

  /** Fetches an HTML page, following redirects that stay on `site` (or, for the first page, any site). */
  async function page(start: string, site: string, mayLeaveSite: boolean): Promise<FetchedPage | null> {
    const seen = new Set<string>();
    let url = new URL(start);
    for (let hop = 0; hop <= options.maxHops; hop++) {
      if (seen.has(url.toString())) return note(`redirect loop at ${url}`);
      seen.add(url.toString());
      if (!sameSite(url.toString(), site) && !mayLeaveSite) return note(`${start} redirects off the site`);
      const refused = await refusal(url);
      if (refused) return note(`${url} refused: ${refused}`);
      if (!(await allowed(url))) return note(`robots.txt disallows ${url.pathname}`);
      const res = await request(url, 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5');
      if (res.status >= 300 && res.status < 400) {
        const location = res.headers.get('location');
        if (!location) return note(`${url} redirects nowhere`);
        url = logicalOf(location, url);
        continue;
      }
      if (res.status >= 400) return null;
      const type = res.headers.get('content-type') ?? 'text/html';
      if (!/html|text\/plain/i.test(type)) return null;
      const cut = Buffer.byteLength(res.data) >= options.maxBytes;
      if (cut) notes.push(`${url.pathname} cut at ${Math.round(options.maxBytes / 1000)} kB`);
      return { url: url.toString(), html: res.data, cut };
    }
    return note(`more than ${options.maxHops} redirects from ${start}`);
  }

  function note(text: string): null {
    notes.push(text);
    return null;
  }

  return { page, notes };
}
