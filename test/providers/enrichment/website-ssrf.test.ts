import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createEnrichmentSet } from '../../../src/providers/enrichment/index.js';
import { createWebsiteProvider } from '../../../src/providers/enrichment/website.js';
import { createUrlGuard } from '../../../src/providers/http/url-guard.js';
import { fakeDns } from '../../helpers/dns.js';
import { type RecordedRequest, type StandIn, startStandIn } from '../../helpers/http-server.js';
import { sampleTarget } from '../../pipeline/enrichment/fixtures.js';
import { testClient } from './contract.js';

const servers: StandIn[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Route = string | ((req: RecordedRequest, res: ServerResponse) => void);
async function site(routes: Record<string, Route>) {
  const s = await startStandIn((req, res) => {
    const route = routes[req.path];
    if (typeof route === 'function') route(req, res);
    else if (route === undefined) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': 'text/html' }).end(route);
  });
  servers.push(s);
  return s;
}
const portOf = (s: StandIn) => Number(new URL(s.url).port);
const redirect = (location: string) => (_req: RecordedRequest, res: ServerResponse) =>
  res.writeHead(302, { location }).end();
const PAGE = '<p>Dana Whitfield, CFO: dana@acme.example</p>';

describe('website crawler: a site cannot send it to private addresses', () => {
  it('through WEBSITE_BASE_URL: a redirect to a metadata address, another local server or a private name is refused', async () => {
    const other = await site({ '/': PAGE, '/robots.txt': '' });
    for (const location of [
      'http://169.254.169.254/latest/meta-data/',
      `http://127.0.0.1:${portOf(other)}/`,
      'http://2130706433/',
      'https://internal.example/admin',
      'https://acme.example:8443/',
    ]) {
      const standIn = await site({ '/robots.txt': '', '/': redirect(location) });
      const guard = createUrlGuard({ resolve: fakeDns({ 'internal.example': '10.0.0.7' }) });
      const provider = createWebsiteProvider({ http: testClient('website', ''), baseUrl: standIn.url, guard });
      const { candidates, notes } = await provider.find(sampleTarget(), { known: [] });
      expect(candidates).toEqual([]);
      expect(notes?.some((n) => n.includes('refused'))).toBe(true);
      // Nothing was requested on the redirect target's behalf, here or anywhere else.
      expect(new Set(standIn.requests.map((r) => r.headers['x-forwarded-host']))).toEqual(new Set(['acme.example']));
    }
    expect(other.requests).toEqual([]);
  });

  it('fetching for real (no rewrite): only the allowed stand-in is reached, pinned to the vetted address', async () => {
    const other = await site({ '/': PAGE, '/robots.txt': '' });
    const home = await site({
      '/robots.txt': '',
      '/': redirect(`http://127.0.0.1:${portOf(other)}/`),
    });
    const dns = fakeDns({ 'acme-dental.com': '127.0.0.1' });
    const target = sampleTarget({ domain: 'acme-dental.com', website: `http://acme-dental.com:${portOf(home)}/` });
    const allowed = createEnrichmentSet(loadConfig({ ENRICHMENT_ORDER: 'website', WEBSITE_RATE_LIMIT: '100/s' }), {
      resolve: dns,
      allowEndpoints: [`127.0.0.1:${portOf(home)}`],
    });
    const { notes } = await allowed.providers[0]!.find(target, { known: [] });
    expect(home.requests.map((r) => r.path)).toEqual(['/robots.txt', '/', '/contact', '/about', '/team']);
    expect(notes).toContain(`http://127.0.0.1:${portOf(other)}/ refused: 127.0.0.1 is a loopback address; not fetched`);
    expect(other.requests).toEqual([]);

    // The same site without an allow-list entry: nothing at all is requested.
    const before = home.requests.length;
    const strict = createEnrichmentSet(loadConfig({ ENRICHMENT_ORDER: 'website', WEBSITE_RATE_LIMIT: '100/s' }), {
      resolve: dns,
    });
    const out = await strict.providers[0]!.find(target, { known: [] });
    expect(out.candidates).toEqual([]);
    expect(out.notes?.join(' ')).toMatch(/acme-dental\.com resolves to 127\.0\.0\.1, which is a loopback address/);
    expect(home.requests.length).toBe(before);
  });
});
