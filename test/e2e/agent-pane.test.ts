import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Running, start } from '../../src/main.js';
import { insertPendingLead } from '../helpers/fixtures.js';
import { type LlmStandIn, startOpenAiStandIn } from '../providers/llm/stand-ins.js';
import { launchChromium, pageErrors } from './browser.js';

const ANSWER =
  'Call *Lakeview Family Health* (#1) first: it scores 82, the highest of your pending leads. Harbor Dental Group (#2) can wait. <!channel>';

/**
 * A newcomer in the local workspace: opens leadbot's agent pane, sees suggested prompts, asks an open-ended question
 * with a model stand-in running, watches the status and the answer stream in with its steps, and leaves feedback.
 */
describe('the agent pane in a browser', () => {
  let llm: LlmStandIn;
  let running: Running;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  beforeAll(async () => {
    llm = await startOpenAiStandIn([
      { toolCalls: [{ name: 'list_leads', args: { status: 'pending' } }], delayMs: 600 },
      { content: ANSWER, pieceDelayMs: 70 },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'leadbot-agent-pane-'));
    running = await start(
      loadConfig({
        LLM_PROVIDER: 'openai',
        OPENAI_BASE_URL: `${llm.url}/v1`,
        OPENAI_API_KEY: 'sk-test',
        PORT: '0',
        DATABASE_PATH: join(dir, 'leadbot.db'),
        OUTBOX_DIR: join(dir, 'outbox'),
        LOG_LEVEL: 'silent',
      }),
    );
    for (let i = 0; i < 200 && !running.app.llmService.available(); i++) await new Promise((r) => setTimeout(r, 25));
    await insertPendingLead(running.app.repos.companies, {}, 82);
    await insertPendingLead(
      running.app.repos.companies,
      { name: 'Harbor Dental Group', normalizedName: 'harbor dental group', domain: 'harbordental.example' },
      55,
    );
    browser = await launchChromium();
    page = browser.page;
    await page.goto(`http://127.0.0.1:${running.port}/`);
    await page.waitForSelector('body[data-ready="true"]');
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    await llm?.close();
  });

  it('prompts, streams the answer with its steps under a live status, and takes feedback', async () => {
    await page.click('#dms .chan');
    await expect(page.locator('#agent').isVisible()).resolves.toBe(true);
    const prompts = page.locator('#prompts-slot .prompt');
    await prompts.first().waitFor();
    await expect(prompts.allTextContents()).resolves.toEqual([
      'Review 2 pending leads',
      'Find companies',
      'Pipeline status',
      'What should I do next?',
    ]);

    await page.fill('#input', 'Which of my pending leads should I call first, and why?');
    await page.press('#input', 'Enter');
    const chat = page.locator('#agent-threads .agent-thread', { hasText: 'call first, and why?' });
    await chat.waitFor();
    // While the model thinks, the chat shows who is working and the title of the request.
    await chat.locator('.status', { hasText: 'Thinking' }).waitFor();
    await chat.locator('.agent-thread-title', { hasText: 'Which of my pending leads should I call first' }).waitFor();
    // The step shows as a task, then the answer arrives piece by piece (the cursor is there while it streams).
    const answer = chat.locator('.msg.bot', { has: page.locator('.tasks') });
    await answer.locator('.task.complete', { hasText: 'Listing pending leads' }).waitFor();
    await answer.locator('.cursor').waitFor();
    const partial = await answer.locator('.text').textContent();
    expect(partial?.length).toBeGreaterThan(0);
    expect(ANSWER.replace(/\*/g, '').startsWith(partial ?? '')).toBe(true);
    expect(partial).not.toContain('Harbor Dental Group (#2) can wait');
    await answer.locator('.b-markdown', { hasText: 'Harbor Dental Group (#2) can wait' }).waitFor();
    await expect(answer.locator('.cursor').count()).resolves.toBe(0);
    await expect(chat.locator('.status').count()).resolves.toBe(0);
    await expect(answer.locator('.b-markdown strong').first().textContent()).resolves.toBe('Lakeview Family Health');
    await expect(answer.locator('.b-markdown code').last().textContent()).resolves.toBe('<!channel>');
    await expect(answer.locator('.mention.special').count()).resolves.toBe(0);

    // Feedback: "Not helpful" asks why; the answer's run keeps the verdict and the reason.
    await answer.locator('button.feedback.negative').click();
    const modal = page.locator('.modal[data-callback-id="answer_feedback_reason"]');
    await modal.waitFor();
    await modal.locator('textarea').fill('I wanted phone numbers too');
    await modal.locator('button[data-submit]').click();
    await modal.waitFor({ state: 'detached' });
    await expect(answer.locator('button.feedback.negative.chosen').count()).resolves.toBe(1);
    const runs = await running.app.repos.runs.list({ limit: 5, kind: 'agent' });
    let rows = await running.app.repos.feedback.forRun(runs[0]!.id);
    for (let i = 0; i < 100 && !rows[0]?.reason; i++) {
      await new Promise((r) => setTimeout(r, 50));
      rows = await running.app.repos.feedback.forRun(runs[0]!.id);
    }
    expect(rows[0]).toMatchObject({ verdict: 'not_helpful', reason: 'I wanted phone numbers too' });
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/workspace-agent-pane.png' });
    expect(pageErrors(page).filter((e) => !e.includes('favicon'))).toEqual([]);
  });

  it('a suggested prompt asks as if typed', async () => {
    await page.locator('#prompts-slot .prompt', { hasText: 'Pipeline status' }).click();
    const chat = page.locator('#agent-threads .agent-thread', { hasText: 'pipeline status' });
    await chat.locator('.msg.bot', { hasText: 'Leads' }).first().waitFor();
  });
});
