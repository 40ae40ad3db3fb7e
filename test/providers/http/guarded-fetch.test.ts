import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { createGuardedFetch } from '../../../src/providers/http/guarded-fetch.js';
import { createUrlGuard } from '../../../src/providers/http/url-guard.js';
import { fakeDns, PUBLIC_ADDRESS } from '../../helpers/dns.js';
import { type RecordedRequest, type StandIn, startStandIn } from '../../helpers/http-server.js';
import { testClient } from '../enrichment/contract.js';

const servers: StandIn[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function standIn(handler: (req: RecordedRequest, res: ServerResponse) => void) {
  const s = await startStandIn(handler);
  servers.push(s);
  return s;
}
const portOf = (s: StandIn) => Number(new URL(s.url).port);
const ok = (_req: RecordedRequest, res: ServerResponse) =>
  res.writeHead(200, { 'content-type': 'text/html' }).end('ok');
const redirectTo = (location: string) => (_req: RecordedRequest, res: ServerResponse) =>
  res.writeHead(302, { location }).end();

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'fetched',
    (err) => (isAppError(err) ? `${err.code}: ${err.message}` : `unexpected: ${err}`),
  );

describe('guarded fetch', () => {
  it('reaches an allowed stand-in, and refuses its redirect to any other private address', async () => {
    const other = await standIn(ok);
    const first = await standIn((req, res) =>
      req.path === '/meta'
        ? redirectTo('http://169.254.169.254/latest/meta-data/')(req, res)
        : req.path === '/other'
          ? redirectTo(`${other.url}/`)(req, res)
          : ok(req, res),
    );
    const guarded = createGuardedFetch(createUrlGuard({ resolve: fakeDns(), allow: [`127.0.0.1:${portOf(first)}`] }));
    expect((await guarded(`${first.url}/`)).status).toBe(200);
    expect(await refusal(guarded(`${first.url}/other`))).toMatch(/127\.0\.0\.1 is a loopback address; not fetched/);
    expect(await refusal(guarded(`${first.url}/meta`))).toMatch(/169\.254\.169\.254 is a linkLocal address/);
    expect(other.requests).toEqual([]);
    // Asked not to follow, it hands the 3xx back (the crawler follows redirects itself, through the same guard).
    expect((await guarded(`${first.url}/other`, { redirect: 'manual' })).status).toBe(302);
  });

  it('connects only to the address it vetted for that connection: a DNS answer that changes is checked again', async () => {
    const server = await standIn(ok);
    const port = portOf(server);
    let answers = 0;
    const dns = fakeDns({ 'rebind.test': () => (answers++ === 0 ? ['127.0.0.1'] : ['127.0.0.2']) });
    const guarded = createGuardedFetch(createUrlGuard({ resolve: dns, allow: [`127.0.0.1:${port}`] }));
    expect(await refusal(guarded(`http://rebind.test:${port}/`))).toMatch(
      /rebind\.test resolves to 127\.0\.0\.2, which is a loopback address/,
    );
    expect(dns.calls).toEqual(['rebind.test', 'rebind.test']);
    expect(server.requests).toEqual([]);
  });

  it('through the HTTP client: a refusal is final (no retries) and says what was refused', async () => {
    const dns = fakeDns({ 'internal.example': '10.0.0.7' });
    const http = testClient('website', '', { fetch: createGuardedFetch(createUrlGuard({ resolve: dns })) });
    const out = await refusal(http.request({ url: 'http://internal.example/', responseType: 'text' }));
    expect(out).toBe(
      'invalid_input: website: internal.example resolves to 10.0.0.7, which is a private address; not fetched',
    );
    expect(dns.calls).toEqual(['internal.example']);
    expect(await refusal(http.request({ url: `http://${PUBLIC_ADDRESS}:8080/`, responseType: 'text' }))).toMatch(
      /port 8080/,
    );
  });
});
