import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTinyBoltApp } from '../workspace/fixtures/tiny-bolt-app.js';
import { type Harness, startHarness } from '../workspace/helpers.js';
import { launchChromium, pageErrors } from './browser.js';

const LEADS = 'C0LEADS0001';

/** The workspace page in Chromium, driving a real Bolt app (HTTP mode) through the fake Slack. */
describe('local workspace in a browser (tiny Bolt app)', () => {
  let h: Harness;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness({
      bot: createTinyBoltApp,
      sandbox: { mode: 'sandbox', directory: 'test directory', mail: 'outbox (never sends)', llm: 'none' },
    });
    browser = await launchChromium();
    page = browser.page;
    await page.goto(`${h.baseUrl}/`);
    await page.waitForSelector('body[data-ready="true"]');
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('shows the sandbox banner, #leads and the DM with leadbot', async () => {
    await expect(page.locator('#banner').textContent()).resolves.toContain('Mail: outbox (never sends)');
    await expect(page.locator('#channel-title').textContent()).resolves.toBe('# leads');
    await expect(page.locator('#dms .chan').textContent()).resolves.toContain('leadbot');
  });

  it('sends with Enter, gets a threaded reply with a card, and Approve updates the card', async () => {
    await page.fill('#input', '@leadbot find 5 healthcare companies in Buffalo');
    await page.press('#input', 'Enter');
    const mine = page.locator('#timeline .msg', { hasText: 'find 5 healthcare companies' });
    await mine.waitFor();
    await expect(mine.locator('.mention').textContent()).resolves.toBe('@leadbot');
    await mine.locator('.thread-link').waitFor();
    await mine.locator('.thread-link').click();
    const card = page.locator('#thread-list .msg', { hasText: 'Lakeside Dental Group' });
    await card.locator('button[data-action-id="approve"]').waitFor();
    await expect(card.locator('.b-header').textContent()).resolves.toBe('Lakeside Dental Group');
    await expect(card.locator('strong', { hasText: 'Healthcare' }).count()).resolves.toBe(1);
    await expect(card.locator('a[href="https://lakeside.example"]').count()).resolves.toBe(1);
    await expect(card.locator('button.btn.primary').textContent()).resolves.toBe('Approve');
    await expect(card.locator('button.btn.danger').textContent()).resolves.toBe('Reject');
    await card.locator('button[data-action-id="approve"]').click();
    await card.locator('.b-context', { hasText: 'Approved by' }).waitFor();
    await expect(card.locator('button[data-action-id="approve"]').count()).resolves.toBe(0);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/workspace-tiny-app.png' });
  });

  it('opens a modal from a button, shows a validation error, then submits', async () => {
    await page.fill('#input', 'leadbot one more');
    await page.press('#input', 'Enter');
    const thread = page.locator('#timeline .msg', { hasText: 'one more' }).locator('.thread-link');
    await thread.waitFor();
    await thread.click();
    const card = page.locator('#thread-list .msg', { hasText: 'Lakeside Dental Group' }).last();
    await card.locator('button[data-action-id="details"]').click();
    const modal = page.locator('.modal[data-callback-id="note_modal"]');
    await modal.waitFor();
    await modal.locator('button[data-submit]').click();
    await expect(modal.locator('.b-error').first().textContent()).resolves.toBe('Please fill out this field.');
    await modal.locator('textarea').fill('bad');
    await modal.locator('select').selectOption('high');
    await modal.locator('button[data-submit]').click();
    await modal.locator('.b-error', { hasText: 'Notes cannot be "bad".' }).waitFor();
    await modal.locator('textarea').fill('Call on Tuesday');
    await modal.locator('button[data-submit]').click();
    await modal.waitFor({ state: 'detached' });
    await page.locator('#timeline .msg', { hasText: 'Note saved (high): Call on Tuesday' }).waitFor();
  });

  it('shows ephemeral answers only as "Only visible to you", and App Home when its tab opens', async () => {
    await page.fill('#input', '/leadbot status');
    await page.press('#input', 'Enter');
    const eph = page.locator('#timeline .msg.ephemeral', { hasText: 'You asked: status' });
    await eph.waitFor();
    await expect(eph.locator('.only-you').textContent()).resolves.toContain('Only visible to you');
    await page.click('#dms .chan');
    await page.click('#tabs button[data-tab="home"]');
    await page.locator('#home .b-header', { hasText: 'leadbot home' }).waitFor();
    await page.click('#tabs button[data-tab="messages"]');
    await page.fill('#input', 'hello from the DM');
    await page.press('#input', 'Enter');
    // The app's Messages tab is its agent pane: each message a chat, answered inline in its thread.
    const chat = page.locator('#agent-threads .agent-thread', { hasText: 'hello from the DM' });
    await chat.locator('.msg.bot', { hasText: 'You said: hello from the DM' }).waitFor();
  });

  it('renders untrusted text as text: no script runs, no markup is injected', async () => {
    const hostile =
      '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> *bold* <javascript:alert(1)|click>';
    const posted = await fetch(`${h.ws.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.ws.botToken}` },
      body: JSON.stringify({
        channel: LEADS,
        text: hostile,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: hostile } },
          { type: 'header', text: { type: 'plain_text', text: '<b onmouseover=alert(1)>Acme</b>' } },
          { type: 'image', image_url: 'javascript:alert(1)', alt_text: '"><script>alert(1)</script>' },
        ],
      }),
    });
    expect((await posted.json()).ok).toBe(true);
    await page.click('#channels .chan');
    const msg = page.locator('#timeline .msg', { hasText: 'onerror' }).last();
    await msg.waitFor();
    await expect(page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    await expect(msg.locator('img[src="x"], script, b[onmouseover]').count()).resolves.toBe(0);
    await expect(msg.locator('a[href^="javascript"]').count()).resolves.toBe(0);
    await expect(msg.locator('.b-header').textContent()).resolves.toBe('<b onmouseover=alert(1)>Acme</b>');
    expect(pageErrors(page).filter((e) => !e.includes('favicon'))).toEqual([]);
  });
});
