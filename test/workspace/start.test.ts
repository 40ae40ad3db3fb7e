import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { chainRoutes, type RouteHandler } from '../../src/workspace/http.js';
import { readManifest, sandboxInfo, startWorkspaceMode } from '../../src/workspace/start.js';
import { createTinyBoltApp } from './fixtures/tiny-bolt-app.js';
import { waitFor } from './helpers.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('workspace mode wiring', () => {
  it('mounts the workspace before building the bot, then the bot answers through it', async () => {
    const routes: RouteHandler[] = [];
    const server = createServer(async (req, res) => {
      if (!(await chainRoutes(...routes)(req, res))) res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const config = loadConfig({ LLM_PROVIDER: 'none', LEADS_CHANNEL: '#leads', DIGEST_CHANNEL: 'digest' });
    const mounted: string[] = [];
    const mode = await startWorkspaceMode({
      config,
      logger: silent,
      port,
      manifestPath: '/nonexistent/manifest.json',
      mount: (name, handler) => {
        mounted.push(name);
        routes.push(handler);
      },
      botFactory: async (creds) => {
        expect(mounted).toEqual(['workspace']);
        expect(creds.botToken).toMatch(/^xoxb-workspace-[0-9a-f]{32}$/);
        expect(creds.signingSecret).toMatch(/^[0-9a-f]{32}$/);
        expect(creds.slackApiUrl).toBe(`http://127.0.0.1:${port}/workspace/api/`);
        const auth = await fetch(`${creds.slackApiUrl}auth.test`, {
          method: 'POST',
          headers: { authorization: `Bearer ${creds.botToken}` },
        });
        expect((await auth.json()).ok).toBe(true);
        return createTinyBoltApp(creds);
      },
    });
    try {
      expect(mounted).toEqual(['workspace', 'workspace-bot']);
      expect(mode.pageUrl).toBe(`http://localhost:${port}/`);
      expect(mode.workspace.store.channels().map((c) => c.name)).toEqual(['leads', 'digest', 'U0LOCAL0001']);
      const asked = mode.workspace.user.say({ channel: 'C0LEADS0001', text: '@leadbot hello' });
      await waitFor(() => mode.workspace.store.thread('C0LEADS0001', asked.ts).length === 3, 5000, 'the replies');
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
    } finally {
      await mode.stop();
      server.closeAllConnections();
      server.close();
    }
  });

  it('reads event subscriptions and slash commands from the app manifest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadbot-manifest-'));
    const path = join(dir, 'manifest.json');
    writeFileSync(
      path,
      JSON.stringify({
        features: { slash_commands: [{ command: '/leadbot' }, { command: '/leads' }] },
        settings: { event_subscriptions: { bot_events: ['app_mention', 'message.im'] } },
      }),
    );
    expect(readManifest(path)).toEqual({
      subscriptions: ['app_mention', 'message.im'],
      commands: ['/leadbot', '/leads'],
    });
    writeFileSync(path, '{broken');
    expect(readManifest(path)).toEqual({});
    expect(readManifest(join(dir, 'missing.json'))).toEqual({});
  });

  it('says in the banner what is simulated and what is real', () => {
    const sandbox = sandboxInfo(loadConfig({ LLM_PROVIDER: 'none' }));
    expect(sandbox).toMatchObject({
      mode: 'sandbox',
      directory: 'bundled sample directory (fictional companies on .example domains)',
      mail: 'outbox: writes .eml files to data/outbox/ and never sends',
      llm: 'none: deterministic paths only',
    });
    expect(sandboxInfo(loadConfig({}), () => 'ollama (llama3.2), not reachable').llm).toBe(
      'ollama (llama3.2), not reachable',
    );
    const live = sandboxInfo(
      loadConfig({
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: 'smtp://localhost:2525',
        MAIL_FROM: 'a@b.example',
        MAIL_POSTAL_ADDRESS: '1 Main St',
        PUBLIC_BASE_URL: 'http://localhost:3000',
      }),
    );
    expect(live.mail).toBe('smtp: REAL email is sent after you approve a draft');
  });
});
