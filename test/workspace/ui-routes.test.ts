import type { IncomingMessage } from 'node:http';
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLocalRequest } from '../../src/workspace/http.js';
import { callApi, type Harness, startHarness, waitFor } from './helpers.js';

const LEADS = 'C0LEADS0001';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({
    sandbox: { mode: 'sandbox', directory: 'sample directory', mail: 'outbox, never sends', llm: 'none' },
    subscriptions: [],
  });
});
afterEach(async () => {
  await h.close();
});

const postUi = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${h.baseUrl}/workspace/ui/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('workspace page routes', () => {
  it('serves the page at / and at permalinks, with a strict Content-Security-Policy', async () => {
    for (const path of ['/', `/archives/${LEADS}/p1700000000000100`]) {
      const res = await fetch(`${h.baseUrl}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await res.text()).toContain('/workspace/static/app.js');
    }
    const js = await fetch(`${h.baseUrl}/workspace/static/blocks.js`);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(await js.text()).toContain('export function renderBlocks');
    expect((await fetch(`${h.baseUrl}/workspace/static/..%2F..%2Fconfig.ts`)).status).toBe(404);
    expect((await fetch(`${h.baseUrl}/workspace/static/index.ts`)).status).toBe(404);
  });

  it('gives the page a snapshot with channels, people and what the banner must say', async () => {
    await callApi(h, 'chat.postMessage', { channel: LEADS, text: 'hello' });
    const snap = await (await fetch(`${h.baseUrl}/workspace/ui/state`)).json();
    expect(snap.channels).toEqual([
      { id: LEADS, name: 'leads', isIm: false },
      { id: 'D0LEADBOT01', name: 'U0LOCAL0001', isIm: true },
    ]);
    expect(snap.me.id).toBe('U0LOCAL0001');
    expect(snap.sandbox).toEqual({
      mode: 'sandbox',
      directory: 'sample directory',
      mail: 'outbox, never sends',
      llm: 'none',
    });
    expect(snap.messages[LEADS]).toMatchObject([{ text: 'hello', channel: LEADS, rev: 1 }]);
    expect(snap.commands).toEqual(['/leadbot']);
  });

  it('streams changes to the page as Server-Sent Events', async () => {
    const controller = new AbortController();
    const res = await fetch(`${h.baseUrl}/workspace/ui/stream`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += new TextDecoder().decode(value);
      }
    })().catch(() => {});
    await new Promise((r) => setTimeout(r, 50));
    await callApi(h, 'chat.postMessage', { channel: LEADS, text: 'live!' });
    await callApi(h, 'chat.postEphemeral', { channel: LEADS, user: 'U0LOCAL0001', text: 'just you' });
    await waitFor(() => text.includes('just you'), 2000, 'the ephemeral event');
    const events = text
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => JSON.parse(l.slice(6)));
    expect(events[0]).toMatchObject({ type: 'message', message: { text: 'live!', channel: LEADS } });
    expect(events[1]).toMatchObject({ type: 'ephemeral', message: { text: 'just you', is_ephemeral: true } });
    controller.abort();
    await reading;
  });

  it('acts for the user only on same-origin JSON requests', async () => {
    const form = await fetch(`${h.baseUrl}/workspace/ui/say`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ channel: LEADS, text: 'csrf' }),
    });
    expect(form.status).toBe(403);
    expect((await postUi('say', { channel: LEADS, text: 'csrf' }, { origin: 'https://evil.example' })).status).toBe(
      403,
    );
    expect(h.ws.store.history(LEADS)).toEqual([]);
    const ok = await postUi('say', { channel: LEADS, text: 'hi @leadbot' }, { origin: h.baseUrl });
    expect(ok.status).toBe(200);
    expect(h.ws.store.history(LEADS)[0]!.text).toBe('hi <@U0LEADBOT01>');
  });

  it('explains bad requests: unknown commands, vanished elements, malformed bodies', async () => {
    const cmd = await postUi('command', { channel: LEADS, command: '/nope', text: '' });
    expect(cmd.status).toBe(400);
    expect((await cmd.json()).error).toBe('/nope is not a valid command. Try /leadbot.');
    const click = await postUi('click', { channel: LEADS, messageTs: '1.000001', blockId: 'b', actionId: 'a' });
    expect(await click.json()).toEqual({ ok: false, error: 'that element is no longer there' });
    const bad = await fetch(`${h.baseUrl}/workspace/ui/say`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(await bad.json()).toEqual({ ok: false, error: 'The body must be a JSON object.' });
  });
});

describe('only this machine can act as the local user', () => {
  const get = (url: string, host: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(url, { headers: { host } }, (res) => {
        let body = '';
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it('refuses other hostnames (DNS rebinding) with a message saying how to allow it', async () => {
    const port = new URL(h.baseUrl).port;
    const refused = await get(`${h.baseUrl}/workspace/ui/state`, `rebound.example:${port}`);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('WORKSPACE_ALLOW_REMOTE=true');
    expect((await get(`${h.baseUrl}/`, `localhost:${port}`)).status).toBe(200);
    expect((await get(`${h.baseUrl}/healthz-is-not-ours`, `rebound.example:${port}`)).status).toBe(404);
  });

  it('tells local from remote clients, and allowRemote opens the workspace to them', async () => {
    const req = (remoteAddress: string, host: string) =>
      ({ socket: { remoteAddress }, headers: { host } }) as unknown as IncomingMessage;
    expect(isLocalRequest(req('127.0.0.1', 'localhost:3000'))).toBe(true);
    expect(isLocalRequest(req('::1', '[::1]:3000'))).toBe(true);
    expect(isLocalRequest(req('192.168.1.20', 'localhost:3000'))).toBe(false);
    expect(isLocalRequest(req('127.0.0.1', 'leadbot.lan:3000'))).toBe(false);
    await h.close();
    h = await startHarness({ allowRemote: true });
    const port = new URL(h.baseUrl).port;
    expect((await get(`${h.baseUrl}/workspace/ui/state`, `leadbot.lan:${port}`)).status).toBe(200);
  });
});
