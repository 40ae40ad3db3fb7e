import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { createLlmService } from '../../../src/providers/llm/service.js';
import { captureLogger, llmConfig, queryPlan, trackedRun } from './helpers.js';
import { type LlmStandIn, startOllamaStandIn } from './stand-ins.js';

let stand: LlmStandIn | undefined;
afterEach(async () => {
  await stand?.close();
  stand = undefined;
});

const env = (url: string, model = 'llama3.2') =>
  llmConfig({ LLM_PROVIDER: 'ollama', OLLAMA_HOST: url, OLLAMA_MODEL: model, LLM_TIMEOUT_MS: '5000' });

describe('LLM connector over Ollama', () => {
  it('probes /api/tags for the pulled model and streams a chat answer with token counts', async () => {
    stand = await startOllamaStandIn([{ content: 'Three clinics in Buffalo, NY.', usage: { in: 30, out: 8 } }]);
    const llm = createLlmService(env(stand.url), captureLogger().logger);
    const probe = await llm.start();
    expect(probe).toMatchObject({ ok: true, provider: 'ollama', model: 'llama3.2' });
    expect(stand.requests[0]).toMatchObject({ method: 'GET', path: '/api/tags' });
    const t = await trackedRun();
    const text = await llm.port.text({ name: 'analyst.narrate', system: 'Be brief.', prompt: 'Acme?', run: t.run });
    expect(text).toBe('Three clinics in Buffalo, NY.');
    const [chat] = stand.chats();
    expect(chat).toMatchObject({ model: 'llama3.2', stream: true });
    expect(chat!.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Acme?' },
    ]);
    expect(await t.logs()).toMatchObject([
      { kind: 'llm', name: 'analyst.narrate', status: 'ok', tokensIn: 30, tokensOut: 8 },
    ]);
    llm.stop();
    t.close();
  });

  it('passes the JSON schema as `format` and validates the answer', async () => {
    stand = await startOllamaStandIn([{ content: '{"queries":["law firms Austin TX"],"reasoning":"direct"}' }]);
    const llm = createLlmService(env(stand.url), captureLogger().logger);
    await llm.start();
    const plan = await llm.port.structured({ name: 'scout.plan', system: 's', prompt: 'p', schema: queryPlan });
    expect(plan).toEqual({ queries: ['law firms Austin TX'], reasoning: 'direct' });
    const format = stand.chats()[0]!.format as { type: string; properties: Record<string, unknown> };
    expect(format.type).toBe('object');
    expect(Object.keys(format.properties)).toEqual(['queries', 'reasoning']);
  });

  it('repairs once, then fails with llm_invalid_output and records both calls', async () => {
    stand = await startOllamaStandIn([{ content: '{"queries": [' }, { content: 'I cannot do that.' }]);
    const llm = createLlmService(env(stand.url), captureLogger().logger);
    await llm.start();
    const t = await trackedRun();
    const err = await llm.port
      .structured({ name: 'scout.plan', system: 's', prompt: 'p', schema: queryPlan, run: t.run })
      .catch((e) => e);
    expect(isAppError(err, 'llm_invalid_output')).toBe(true);
    const repair = stand.chats()[1]!.messages as { role: string; content: string }[];
    expect(repair.at(-1)!.content).toContain('not valid JSON');
    expect(await t.logs()).toMatchObject([
      { name: 'scout.plan', status: 'error', tokensIn: 13, tokensOut: 5 },
      { name: 'scout.plan.repair', status: 'error', tokensIn: 13, tokensOut: 5 },
    ]);
  });

  it('says how to pull a model that is missing, and stays unavailable', async () => {
    stand = await startOllamaStandIn([], { pulled: ['llama3.2:1b', 'qwen3:latest'] });
    const { logger, warnings } = captureLogger();
    const llm = createLlmService(env(stand.url), logger);
    await llm.start();
    expect(llm.available()).toBe(false);
    expect(warnings()).toEqual([expect.stringContaining('llama3.2 is not pulled (run: ollama pull llama3.2)')]);
    const err = await llm.port.text({ name: 'x', system: 's', prompt: 'p' }).catch((e) => e);
    expect(isAppError(err, 'llm_unavailable')).toBe(true);
    expect(stand.chats()).toHaveLength(0);
    llm.stop();
  });

  it('translates a refused connection and a stalled stream into llm_unavailable', async () => {
    stand = await startOllamaStandIn([{ content: 'slow', delayMs: 3000 }]);
    const llm = createLlmService(env(stand.url), captureLogger().logger);
    await llm.start();
    const slow = await llm.port.text({ name: 'x', system: 's', prompt: 'p', timeoutMs: 300 }).catch((e) => e);
    expect(isAppError(slow, 'llm_unavailable')).toBe(true);
    expect(slow.message).toBe('ollama (llama3.2) did not answer within 300 ms');
    await stand.close();
    const refused = await llm.port.text({ name: 'x', system: 's', prompt: 'p' }).catch((e) => e);
    expect(isAppError(refused, 'llm_unavailable')).toBe(true);
    expect(refused.message).toMatch(/^ollama \(llama3\.2\) is not reachable/);
    expect(llm.available()).toBe(false);
    llm.stop();
  });
});
