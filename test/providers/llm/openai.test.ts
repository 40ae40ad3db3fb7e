import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { createLlmService } from '../../../src/providers/llm/service.js';
import { captureLogger, llmConfig, queryPlan, trackedRun } from './helpers.js';
import { type LlmStandIn, startOpenAiStandIn } from './stand-ins.js';

let stand: LlmStandIn | undefined;
afterEach(async () => {
  await stand?.close();
  stand = undefined;
});

const env = (url: string, extra: Record<string, string> = {}) =>
  llmConfig({
    LLM_PROVIDER: 'openai',
    OPENAI_BASE_URL: `${url}/v1`,
    OPENAI_API_KEY: 'sk-test-0000000000',
    LLM_TIMEOUT_MS: '5000',
    ...extra,
  });

const system = 'You plan searches.';

describe('LLM connector over an OpenAI-compatible server', () => {
  it('probes /v1/models, answers text and records duration and tokens against the run', async () => {
    stand = await startOpenAiStandIn([{ content: 'Acme Health runs three clinics.', usage: { in: 42, out: 9 } }], {
      apiKey: 'sk-test-0000000000',
    });
    const { logger, warnings } = captureLogger();
    const llm = createLlmService(env(stand.url), logger);
    expect(llm.available()).toBe(false);
    expect((await llm.start()).ok).toBe(true);
    expect(llm.available()).toBe(true);
    const t = await trackedRun();
    const text = await llm.port.text({ name: 'analyst.narrate', system, prompt: 'Describe Acme', run: t.run });
    expect(text).toBe('Acme Health runs three clinics.');
    const [chat] = stand.chats();
    expect(chat).toMatchObject({ model: 'gpt-4o-mini' });
    expect(chat!.messages).toEqual([
      { role: 'system', content: system },
      { role: 'user', content: 'Describe Acme' },
    ]);
    expect(await t.logs()).toMatchObject([
      { kind: 'llm', name: 'analyst.narrate', status: 'ok', tokensIn: 42, tokensOut: 9, inputSummary: 'Describe Acme' },
    ]);
    expect((await t.logs())[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(warnings()).toEqual([]);
    llm.stop();
    t.close();
  });

  it('asks for JSON mode, sends the schema, and validates the answer', async () => {
    stand = await startOpenAiStandIn([{ content: '{"queries":["healthcare Buffalo NY","clinics Buffalo"]}' }]);
    const llm = createLlmService(env(stand.url), captureLogger().logger);
    await llm.start();
    const plan = await llm.port.structured({
      name: 'scout.plan',
      system,
      prompt: 'healthcare in Buffalo',
      schema: queryPlan,
    });
    expect(plan.queries).toEqual(['healthcare Buffalo NY', 'clinics Buffalo']);
    const [chat] = stand.chats();
    expect(chat!.response_format).toEqual({ type: 'json_object' });
    const sys = (chat!.messages as { content: string }[])[0]!.content;
    expect(sys).toContain('JSON');
    expect(sys).toContain('"queries"');
    llm.stop();
  });

  it('repairs invalid JSON once, showing the model what was wrong', async () => {
    stand = await startOpenAiStandIn([
      { content: 'Sure! Here are queries: healthcare, clinics' },
      { content: '```json\n{"queries":["healthcare Buffalo"]}\n```' },
    ]);
    const llm = createLlmService(env(stand.url), captureLogger().logger);
    await llm.start();
    const t = await trackedRun();
    const plan = await llm.port.structured({ name: 'scout.plan', system, prompt: 'p', schema: queryPlan, run: t.run });
    expect(plan.queries).toEqual(['healthcare Buffalo']);
    const repair = stand.chats()[1]!.messages as { role: string; content: string }[];
    expect(repair.at(-2)).toMatchObject({ role: 'assistant', content: 'Sure! Here are queries: healthcare, clinics' });
    expect(repair.at(-1)!.content).toContain('contained no JSON object');
    expect((await t.logs()).map((l) => [l.name, l.status])).toEqual([
      ['scout.plan', 'error'],
      ['scout.plan.repair', 'ok'],
    ]);
    expect((await t.logs())[0]!.error).toContain('invalid output');
    llm.stop();
    t.close();
  });

  it('fails with llm_invalid_output when the repaired answer is still invalid', async () => {
    stand = await startOpenAiStandIn([{ content: '{"queries":[]}' }, { content: '{"queries":"x"}' }]);
    const llm = createLlmService(env(stand.url), captureLogger().logger);
    await llm.start();
    const t = await trackedRun();
    const err = await llm.port
      .structured({ name: 'scout.plan', system, prompt: 'p', schema: queryPlan, run: t.run })
      .catch((e) => e);
    expect(isAppError(err, 'llm_invalid_output')).toBe(true);
    expect(err.message).toContain('queries');
    const repair = stand.chats()[1]!.messages as { content: string }[];
    expect(repair.at(-1)!.content).toMatch(/queries: Too small/i);
    expect((await t.logs()).map((l) => l.status)).toEqual(['error', 'error']);
    expect((await t.logs()).every((l) => l.tokensIn === 11 && l.tokensOut === 7)).toBe(true);
    llm.stop();
    t.close();
  });

  it('turns a refused API key into llm_unavailable and marks the model down with one warning', async () => {
    stand = await startOpenAiStandIn([], { apiKey: 'sk-the-right-key' });
    const { logger, warnings } = captureLogger();
    const llm = createLlmService(env(stand.url), logger, { probe: async () => ({ ok: true }) as never });
    await llm.start();
    const err = await llm.port.text({ name: 'x', system, prompt: 'p' }).catch((e) => e);
    expect(isAppError(err, 'llm_unavailable')).toBe(true);
    expect(err.message).toBe('openai (gpt-4o-mini) refused the API key (401)');
    expect(llm.available()).toBe(false);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toContain('refused the API key');
    llm.stop();
  });

  it('reports a probe failure for a refused key or a model the server does not offer', async () => {
    stand = await startOpenAiStandIn([], { apiKey: 'sk-the-right-key' });
    const refused = createLlmService(env(stand.url), captureLogger().logger);
    expect((await refused.start()).detail).toContain('refused the API key (401)');
    await stand.close();
    stand = await startOpenAiStandIn([], { models: ['llama-3.1-8b-instruct'] });
    const { logger, warnings } = captureLogger();
    const missing = createLlmService(env(stand.url), logger);
    await missing.start();
    expect(missing.available()).toBe(false);
    expect(warnings()[0]).toContain('does not offer gpt-4o-mini (it has llama-3.1-8b-instruct)');
    refused.stop();
    missing.stop();
  });

  it('says the server is not reachable when the connection is refused, and recovers on a later probe', async () => {
    stand = await startOpenAiStandIn([{ content: 'back again' }]);
    const url = stand.url;
    await stand.close();
    const { logger, warnings } = captureLogger();
    const llm = createLlmService(env(url), logger);
    const first = await llm.start();
    expect(first.ok).toBe(false);
    expect(first.detail).toContain('is not reachable (ECONNREFUSED)');
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toContain('keeps running every deterministic path');
    const err = await llm.port.text({ name: 'x', system, prompt: 'p' }).catch((e) => e);
    expect(isAppError(err, 'llm_unavailable')).toBe(true);
    await llm.probe();
    expect(warnings()).toHaveLength(1);
    llm.stop();
  });

  it('gives up on a slow model after the timeout with llm_unavailable', async () => {
    stand = await startOpenAiStandIn([{ content: 'late', delayMs: 3000 }]);
    const llm = createLlmService(env(stand.url), captureLogger().logger);
    await llm.start();
    const t = await trackedRun();
    const err = await llm.port.text({ name: 'slow', system, prompt: 'p', run: t.run, timeoutMs: 300 }).catch((e) => e);
    expect(isAppError(err, 'llm_unavailable')).toBe(true);
    expect(err.message).toBe('openai (gpt-4o-mini) did not answer within 300 ms');
    expect(llm.available()).toBe(true);
    expect(await t.logs()).toMatchObject([{ name: 'slow', status: 'error', error: err.message }]);
    llm.stop();
    t.close();
  });
});
