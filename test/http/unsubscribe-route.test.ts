import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createUnsubscribeRoute } from '../../src/http/unsubscribe-route.js';
import { unsubscribeUrl } from '../../src/pipeline/outreach/compose-message.js';
import { sendDue } from '../../src/pipeline/outreach/send-due.js';
import { startSequence } from '../../src/pipeline/outreach/start-sequence.js';
import { outreachWorld } from '../helpers/outreach-world.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve() {
  const w = outreachWorld();
  const lead = w.approvedDraft();
  startSequence(lead.draft.id, w.deps);
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
    expect(w.deps.suppressions.match(lead.contact.email!)).toBeUndefined();
  });

  it('one-click POST suppresses at once and stops the sequence', async () => {
    const { w, lead, link } = await serve();
    const res = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(w.deps.suppressions.match(lead.contact.email!)?.reason).toBe('unsubscribed (one-click)');
    expect(w.deps.outreach.sequenceForDraft(lead.draft.id)!.status).toBe('stopped');
    expect(w.deps.outreach.listSends({ status: ['scheduled'] })).toHaveLength(0);
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
    expect(w.deps.suppressions.list()).toHaveLength(0);
    expect(w.deps.outreach.sequenceForDraft(lead.draft.id)!.status).toBe('active');
  });

  it('leaves other paths to other routes', async () => {
    const { base } = await serve();
    expect(await (await fetch(`${base}/healthz`)).text()).toBe('not mine');
  });
});
