import type { CandidateContact, EnrichmentProvider, EnrichmentTarget } from '../../pipeline/enrichment/ports.js';
import { endpointOf } from '../http/address.js';
import type { HttpClient } from '../http/client.js';
import { createUrlGuard, type UrlGuard } from '../http/url-guard.js';
import { splitName } from './names.js';
import { extractPage } from './website-extract.js';
import { createSiteFetcher, sameSite } from './website-fetch.js';

export interface WebsiteOptions {
  /** The 'website' vendor client: its rate limit is shared by every site, its timeout is per request. */
  http: HttpClient;
  /** WEBSITE_BASE_URL, or '' to fetch the real sites. */
  baseUrl?: string;
  maxPages?: number;
  maxBytes?: number;
  maxHops?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Vets the URLs a site sends the crawler to; default: public addresses only (plus WEBSITE_BASE_URL's endpoint). */
  guard?: UrlGuard;
}

const DEFAULT_PATHS = ['/contact', '/about', '/team'];
/** RFC 2606/6761 names never resolve: the sample directory's companies live there. */
const RESERVED = /\.(example|test|invalid|localhost)$/i;

function startUrl(target: EnrichmentTarget): string {
  try {
    if (target.website) {
      const url = new URL(/^https?:\/\//i.test(target.website) ? target.website : `https://${target.website}`);
      if (sameSite(url.toString(), `https://${target.domain}`)) return `${url.origin}/`;
    }
  } catch {
    // fall back to the domain
  }
  return `https://${target.domain}/`;
}

/** Contact, about and team pages first, then the usual paths; never more than `max` in all. */
function nextPages(links: string[], origin: string, max: number): string[] {
  const score = (u: string) => (/contact/i.test(u) ? 0 : /team|staff|leadership|people/i.test(u) ? 1 : 2);
  const discovered = [...links].sort((a, b) => score(a) - score(b));
  const defaults = DEFAULT_PATHS.map((p) => new URL(p, origin).toString());
  return [...new Set([...discovered, ...defaults])].slice(0, max);
}

/** Per-host queue: one request at a time per site, even when two companies share one. */
function createHostQueue() {
  const queues = new Map<string, Promise<unknown>>();
  return function oneAtATime<T>(host: string, fn: () => Promise<T>): Promise<T> {
    const next = (queues.get(host) ?? Promise.resolve()).catch(() => undefined).then(fn);
    queues.set(host, next);
    void next
      .finally(() => {
        if (queues.get(host) === next) queues.delete(host);
      })
      .catch(() => undefined);
    return next;
  };
}

/**
 * The company's own website: home, then its contact/about/team pages (at most 5), obeying robots.txt. Finds
 * mailto: links, plain and obfuscated addresses, and names with target titles near them. Never fails the run:
 * an unreachable site is a note, not an error.
 */
export function createWebsiteProvider(options: WebsiteOptions): EnrichmentProvider {
  const maxPages = options.maxPages ?? 5;
  const baseUrl = options.baseUrl ?? '';
  const sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const oneAtATime = createHostQueue();
  const guard = options.guard ?? createUrlGuard({ allow: baseUrl ? [endpointOf(baseUrl)] : [] });
  return {
    name: 'website',
    keyless: true,
    find(target) {
      if (RESERVED.test(target.domain) && !baseUrl)
        return Promise.resolve({ candidates: [], notes: [`${target.domain} is a reserved name; not fetched`] });
      return oneAtATime(target.domain, () => crawl(target));
    },
  };

  async function crawl(target: EnrichmentTarget) {
    const fetcher = createSiteFetcher({
      http: options.http,
      baseUrl,
      maxBytes: options.maxBytes ?? 1_000_000,
      maxHops: options.maxHops ?? 5,
      sleep,
      guard,
    });
    const start = startUrl(target);
    const candidates: CandidateContact[] = [];
    const aliasDomains: string[] = [];
    let pagesRead = 0;
    const read = async (url: string, site: string, first: boolean) => {
      const page = await fetcher.page(url, site, first).catch((err: Error) => {
        fetcher.notes.push(`${new URL(url).pathname}: ${err.message}`);
        return null;
      });
      pagesRead++;
      if (!page) return null;
      const found = extractPage(page.html, page.url, target.rankTitle);
      addFindings(candidates, found, page.url);
      return { page, found };
    };
    const home = await read(start, start, true);
    const site = home?.page.url ?? start;
    const host = new URL(site).hostname.replace(/^www\./, '');
    if (home && !sameSite(site, start)) aliasDomains.push(host);
    const origin = new URL(site).origin;
    for (const url of nextPages(home?.found.links ?? [], origin, maxPages - pagesRead)) {
      if (pagesRead >= maxPages || url === site) continue;
      await read(url, site, false);
    }
    const notes = [`${pagesRead} page(s) tried`, ...fetcher.notes];
    return { candidates, aliasDomains, notes };
  }
}

function addFindings(out: CandidateContact[], found: ReturnType<typeof extractPage>, pageUrl: string): void {
  const has = (email: string | null, name: string | null) =>
    out.some((c) => (email && c.email === email) || (!email && name && c.fullName === name && !c.email));
  for (const p of found.people) {
    if (has(p.email, p.name)) continue;
    const mailto = found.emails.find((e) => e.email === p.email)?.mailto ?? false;
    out.push({
      ...splitName(p.name),
      title: p.title,
      email: p.email,
      emailKind: 'found',
      source: 'website',
      evidenceUrl: pageUrl,
      confidence: p.email ? (mailto ? 0.8 : 0.7) : 0.6,
    });
  }
  for (const e of found.emails) {
    if (has(e.email, null) || found.people.some((p) => p.email === e.email)) continue;
    out.push({
      fullName: null,
      firstName: null,
      lastName: null,
      title: null,
      email: e.email,
      emailKind: 'found',
      source: 'website',
      evidenceUrl: pageUrl,
      confidence: e.mailto ? 0.6 : 0.5,
    });
  }
}
