import { AIMessage, fakeModel } from 'langchain';
import { describe, expect, it, vi } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import type { LlmProbeResult } from '../../../src/providers/llm/probe.js';
import { createLlmService } from '../../../src/providers/llm/service.js';
import { captureLogger, llmConfig } from './helpers.js';

const config = llmConfig({ LLM_PROVIDER: 'ollama' });
const down: LlmProbeResult = { ok: false, provider: 'ollama', model: 'llama3.2', detail: 'Ollama is not reachable' };
const up: LlmProbeResult = { ok: true, provider: 'ollama', model: 'llama3.2', detail: 'Ollama has llama3.2' };

describe('LLM availability', () => {
  it('warns once while the model stays down, and comes back on a periodic probe without a restart', async () => {
    const answers = [down, down, down, up];
    const probe = vi.fn(async () => answers.shift() ?? up);
    const { logger, lines, warnings } = captureLogger();
    const model = fakeModel().respond(new AIMessage('hello'));
    const llm = createLlmService(config, logger, { probe, reprobeMs: 10, model: () => model });
    await llm.start();
    expect(llm.available()).toBe(false);
    expect(
      isAppError(await llm.port.text({ name: 'x', system: 's', prompt: 'p' }).catch((e) => e), 'llm_unavailable'),
    ).toBe(true);
    await vi.waitFor(() => expect(llm.available()).toBe(true), { timeout: 2000, interval: 5 });
    expect(warnings()).toHaveLength(1);
    expect(lines.some((l) => l.msg.startsWith('LLM is reachable again'))).toBe(true);
    expect(await llm.port.text({ name: 'x', system: 's', prompt: 'p' })).toBe('hello');
    llm.stop();
    const calls = probe.mock.calls.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(probe.mock.calls.length).toBe(calls);
  });

  it('start() is idempotent and LLM_PROVIDER=none never probes the network or warns', async () => {
    const probe = vi.fn(async () => up);
    const llm = createLlmService(config, captureLogger().logger, { probe, reprobeMs: 1000 });
    await Promise.all([llm.start(), llm.start()]);
    expect(probe).toHaveBeenCalledTimes(1);
    llm.stop();
    const { logger, warnings } = captureLogger();
    const none = createLlmService(llmConfig({ LLM_PROVIDER: 'none' }), logger);
    expect(await none.start()).toMatchObject({ ok: false, detail: 'disabled (LLM_PROVIDER=none)' });
    expect(none.chatModel()).toBeUndefined();
    expect(none.describe()).toBe('none');
    expect(warnings()).toEqual([]);
  });
});
