import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebsiteProvider } from '../../../src/providers/enrichment/website.js';
import { addressesInText } from '../../../src/providers/enrichment/website-extract.js';
import { createUrlGuard } from '../../../src/providers/http/url-guard.js';
import { fakeDns } from '../../helpers/dns.js';
import { type RecordedRequest, type StandIn, startStandIn } from '../../helpers/http-server.js';
import { sampleTarget } from '../../pipeline/enrichment/fixtures.js';
import { testClient } from './contract.js';

const page = (body: string) =>
  `<!doctype html><html><head><title>Acme</title><script>var x = "a@b.example";</script></head><body>${body}</body></html>`;

/** A small company site: home linking to its contact and team pages, with the usual ways of printing addresses. */
const SITE: Record<string, string> = {
  '/robots.txt': 'User-agent: *\nDisallow: /private\n',
  '/': page(
    '<nav><a href="/contact-us">Contact</a> <a href="/our-team">Our team</a> <a href="/private/x">Staff area</a></nav><h1>Welcome</h1>',
  ),
  '/contact-us': page('<p>Questions? Write to <a href="mailto:info@acme.example">info@acme.example</a>.</p>'),
  '/our-team': page(`
    <div class="card"><h3>Dana Whitfield</h3><p>Chief Financial Officer</p><a href="mailto:dana.whitfield%40acme.example?subject=Hello">Email Dana</a></div>
    <div class="card"><h3>Sam Ortiz</h3><p>Owner</p><p>sam [at] acme [dot] example</p></div>
    <div class="card"><h3>Lee Park</h3><p>Director of Facilities</p><p>lpark(at)acme.example</p></div>
    <p>Billing questions: &#98;&#105;&#108;&#108;&#121;&#64;acme.example</p>
    <p>We are located at the corner of Main and Elm. Visit us at our office.</p>`),
};

function serve(routes: Record<string, string | ((req: RecordedRequest, res: ServerResponse) => void)>) {
  return (req: RecordedRequest, res: ServerResponse): void => {
    const route = routes[req.path];
    if (typeof route === 'function') route(req, res);
    else if (route === undefined) res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    else res.writeHead(200, { 'content-type': req.path.endsWith('.txt') ? 'text/plain' : 'text/html' }).end(route);
  };
}
const redirect =
  (location: string, status = 302) =>
  (_req: RecordedRequest, res: ServerResponse) =>
    res.writeHead(status, { location }).end();

let server: StandIn | undefined;
/** The crawler's URL guard: the sample sites' names resolve to a public address, as real ones would. */
const guard = () => createUrlGuard({ resolve: fakeDns() });
/** No test here is about timeouts: a short one would time out and retry under load, and the request list would double. */
const websiteClient = () => testClient('website', '', { timeoutMs: 10_000 });
afterEach(async () => server?.close());

async function crawl(routes: Parameters<typeof serve>[0], target = sampleTarget(), maxBytes?: number) {
  server = await startStandIn(serve(routes));
  const provider = createWebsiteProvider({
    http: websiteClient(),
    baseUrl: server.url,
    maxBytes,
    guard: guard(),
  });
  return provider.find(target, { known: [] });
}

describe('website provider', () => {
  it('reads robots.txt first, then home, contact and team pages; finds mailto, obfuscated and entity addresses with names', async () => {
    const { candidates } = await crawl(SITE);
    const paths = server!.requests.map((r) => r.path);
    expect(paths.slice(0, 4)).toEqual(['/robots.txt', '/', '/contact-us', '/our-team']);
    expect(paths).not.toContain('/private/x');
    expect(paths.filter((p) => p !== '/robots.txt').length).toBeLessThanOrEqual(5);
    expect(server!.requests.every((r) => /^leadbot\//.test(String(r.headers['user-agent'])))).toBe(true);
    const people = candidates.filter((c) => c.fullName).map((c) => [c.fullName, c.title, c.email, c.evidenceUrl]);
    expect(people).toEqual([
      ['Dana Whitfield', 'Chief Financial Officer', 'dana.whitfield@acme.example', 'https://acme.example/our-team'],
      ['Sam Ortiz', 'Owner', 'sam@acme.example', 'https://acme.example/our-team'],
      ['Lee Park', 'Director of Facilities', 'lpark@acme.example', 'https://acme.example/our-team'],
    ]);
    const bare = candidates.filter((c) => !c.fullName).map((c) => c.email);
    expect(bare).toEqual(['info@acme.example', 'billy@acme.example']);
    expect(candidates.find((c) => c.email === 'dana.whitfield@acme.example')!.confidence).toBe(0.8);
  });

  it('does not fetch anything robots.txt disallows for us', async () => {
    const { candidates, notes } = await crawl({ ...SITE, '/robots.txt': 'User-agent: leadbot\nDisallow: /\n' });
    expect(server!.requests.map((r) => r.path)).toEqual(['/robots.txt']);
    expect(candidates).toEqual([]);
    expect(notes).toContain('robots.txt disallows /');
  });

  it('treats a failing robots.txt (5xx) as "keep out"', async () => {
    const { candidates } = await crawl({ ...SITE, '/robots.txt': (_req, res) => res.writeHead(503).end() });
    expect(new Set(server!.requests.map((r) => r.path))).toEqual(new Set(['/robots.txt']));
    expect(candidates).toEqual([]);
  });

  it('stops a redirect loop and never follows a sub-page off the site', async () => {
    const { notes } = await crawl({
      ...SITE,
      '/': page('<a href="/contact">Contact</a> <a href="/team">Team</a>'),
      '/contact': redirect('/contact-2'),
      '/contact-2': redirect('/contact'),
      '/team': redirect('https://elsewhere.example/team'),
    });
    expect(notes).toContain('redirect loop at https://acme.example/contact');
    expect(notes).toContain('https://acme.example/team redirects off the site');
    expect(server!.requests.filter((r) => r.headers['x-forwarded-host'] === 'elsewhere.example')).toEqual([]);
  });

  it('follows the home page to the domain it moved to and reports that domain as an alias', async () => {
    const { candidates, aliasDomains } = await crawl({
      '/robots.txt': '',
      '/': (req, res) =>
        req.headers['x-forwarded-host'] === 'acme.example'
          ? redirect('https://www.acme-group.example/', 301)(req, res)
          : res
              .writeHead(200, { 'content-type': 'text/html' })
              .end(page('<p>Dana Whitfield, CFO: dana@acme-group.example</p>')),
    });
    expect(aliasDomains).toEqual(['acme-group.example']);
    expect(candidates[0]).toMatchObject({
      fullName: 'Dana Whitfield',
      email: 'dana@acme-group.example',
      evidenceUrl: 'https://www.acme-group.example/',
    });
  });

  it('cuts a huge page instead of reading it all', async () => {
    const filler = '<p>lorem ipsum dolor sit amet</p>'.repeat(100_000);
    const { candidates, notes } = await crawl(
      { '/robots.txt': '', '/': page(`<p>dana@acme.example</p>${filler}<p>sam@acme.example</p>`) },
      sampleTarget(),
      200_000,
    );
    expect(candidates.map((c) => c.email)).toEqual(['dana@acme.example']);
    expect(notes).toContain('/ cut at 200 kB');
  });

  it('fetches one page at a time per site, and never fetches reserved names without a base URL', async () => {
    let inFlight = 0;
    let most = 0;
    server = await startStandIn(async (req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 15));
      inFlight--;
      serve(SITE)(req, res);
    });
    const provider = createWebsiteProvider({ http: websiteClient(), baseUrl: server.url, guard: guard() });
    await Promise.all([provider.find(sampleTarget(), { known: [] }), provider.find(sampleTarget(), { known: [] })]);
    expect(most).toBe(1);
    const offline = createWebsiteProvider({ http: websiteClient() });
    expect((await offline.find(sampleTarget(), { known: [] })).notes).toEqual([
      'acme.example is a reserved name; not fetched',
    ]);
  });
});

describe('address extraction', () => {
  it('reads plain and obfuscated addresses but not ordinary prose', () => {
    expect(addressesInText('mail dana at acme dot example today')).toEqual(['dana@acme.example']);
    expect(addressesInText('jo {at} acme.example, ann[@]acme[.]example')).toEqual([
      'jo@acme.example',
      'ann@acme.example',
    ]);
    expect(addressesInText('Meet us at acme.example. Visit us at the office.')).toEqual([]);
    expect(addressesInText('Reach dana@acme.example.')).toEqual(['dana@acme.example']);
  });
});
