import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/http/server.js';
import { createUnsubscribeRoute } from '../../src/http/unsubscribe-route.js';
import { createLogger } from '../../src/logger.js';
import { unsubscribeUrl } from '../../src/pipeline/outreach/compose-message.js';
import { sendDue } from '../../src/pipeline/outreach/send-due.js';
import { startSequence } from '../../src/pipeline/outreach/start-sequence.js';
import { outreachWorld } from '../helpers/outreach-world.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve() {
  const w = outreachWorld();
  const lead = await w.approvedDraft();
  await startSequence(lead.draft.id, w.deps);
  await sendDue(w.deps);
  const route = createUnsubscribeRoute({ ...w.deps, secret: w.deps.identity.unsubscribeSecret });
  server = createServer(async (req, res) => {
    if (!(await route(req, res))) res.writeHead(404).end('not mine');
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const link = unsubscribeUrl(w.deps.identity, lead.contact.email!).replace(w.deps.identity.publicBaseUrl, base);
  return { w, lead, base, link };
}

describe('unsubscribe endpoint', () => {
  it('GET shows a confirmation page and changes nothing', async () => {
    const { w, lead, link } = await serve();
    const res = await fetch(link);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(lead.contact.email!);
    expect(await w.deps.suppressions.match(lead.contact.email!)).toBeUndefined();
  });

  it('one-click POST suppresses at once and stops the sequence', async () => {
    const { w, lead, link } = await serve();
    const res = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect((await w.deps.suppressions.match(lead.contact.email!))?.reason).toBe('unsubscribed (one-click)');
    expect((await w.deps.outreach.sequenceForDraft(lead.draft.id))!.status).toBe('stopped');
    expect(await w.deps.outreach.listSends({ status: ['scheduled'] })).toHaveLength(0);
    const again = await fetch(link, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
    expect(again.status).toBe(200);
  });

  it('a bad or altered token gets 404 and changes nothing', async () => {
    const { w, lead, base, link } = await serve();
    const token = link.split('/u/')[1]!;
    const forged = `${Buffer.from('someone@else.example').toString('base64url')}.${token.split('.')[1]}`;
    for (const bad of ['nonsense', forged, `${token}x`]) {
      const res = await fetch(`${base}/u/${bad}`, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
      expect(res.status).toBe(404);
    }
    expect(await w.deps.suppressions.list()).toHaveLength(0);
    expect((await w.deps.outreach.sequenceForDraft(lead.draft.id))!.status).toBe('active');
  });

  it('answers 400 to links that cannot hold a token and 404 to unknown tokens, never 500, changing nothing', async () => {
    const { w, lead, base, link } = await serve();
    const token = link.split('/u/')[1]!;
    const malformed = [
      '%E0%A4%A',
      '%',
      '%zz',
      '%C0%AF',
      '%FF%FE',
      `${token}%`,
      '%3Cscript%3E',
      `${token})`,
      'a'.repeat(5000),
    ];
    for (const bad of malformed)
      for (const method of ['GET', 'POST']) {
        const res = await fetch(`${base}/u/${bad}`, {
          method,
          body: method === 'POST' ? 'List-Unsubscribe=One-Click' : undefined,
        });
        expect([bad.slice(0, 20), method, res.status]).toEqual([bad.slice(0, 20), method, 400]);
        expect(await res.text()).toContain('Nothing was changed');
      }
    for (const unknown of ['nonsense', 'AAAA.AAAAAAAAAAAAAAAAAAAAAA', `${token.split('.')[0]}.${'A'.repeat(22)}`])
      expect((await fetch(`${base}/u/${unknown}`)).status).toBe(404);
    expect(await w.deps.suppressions.list()).toHaveLength(0);
    expect((await w.deps.outreach.sequenceForDraft(lead.draft.id))!.status).toBe('active');
    // A percent-encoded form of a real token is the same token.
    const encoded = [...token].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join('');
    expect((await fetch(`${base}/u/${encoded}`)).status).toBe(200);
  });

  it("behind leadbot's HTTP server, unreadable request targets get 400, not 500", async () => {
    const w = outreachWorld();
    const http = createHttpServer({ logger: createLogger({ level: 'silent' }), health: () => ({}) });
    http.mount('unsubscribe', createUnsubscribeRoute({ ...w.deps, secret: w.deps.identity.unsubscribeSecret }));
    const port = await http.listen(0);
    try {
      const raw = (target: string) =>
        new Promise<string>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1', () =>
            socket.end(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
          );
          let out = '';
          socket.on('data', (d) => (out += d.toString()));
          socket.on('end', () => resolve(out.split('\r\n')[0]!));
          socket.on('error', reject);
        });
      expect(await raw('//')).toBe('HTTP/1.1 400 Bad Request');
      expect(await raw('/u/%E0%A4%A')).toBe('HTTP/1.1 400 Bad Request');
      expect(await raw('/u/nonsense')).toBe('HTTP/1.1 404 Not Found');
    } finally {
      await http.close();
    }
  });

  it('leaves other paths to other routes', async () => {
    const { base } = await serve();
    expect(await (await fetch(`${base}/healthz`)).text()).toBe('not mine');
  });
});
