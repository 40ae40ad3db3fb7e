import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCommand } from '../../../src/agent/router/render.js';
import { createRouter } from '../../../src/agent/router/route.js';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import type { LlmPort } from '../../../src/pipeline/llm/ports.js';
import { ALL_CASES, type Case } from './table.js';

/** An LLM that must never be reached: --no-llm means nothing goes out. */
const forbiddenLlm: LlmPort = {
  available: () => true,
  describe: () => 'forbidden',
  structured: () => Promise.reject(new Error('the LLM was called with --no-llm')),
  text: () => Promise.reject(new Error('the LLM was called with --no-llm')),
};

const router = createRouter({ directives: createDirectiveStore(resolve('directives')), llm: forbiddenLlm });

function label([text, route, intent]: Case): string {
  return `${JSON.stringify(text)} → ${route}${intent ? ` ${intent}` : ''}`;
}

describe('router table (no LLM)', () => {
  it('has at least 200 messages', () => {
    expect(ALL_CASES.length).toBeGreaterThanOrEqual(200);
  });

  it.each(ALL_CASES.map((c) => [label(c), c] as const))('%s', async (_name, c) => {
    const decision = await router.route(c[0], { noLlm: true });
    expect(decision.llmCalls).toBe(0);
    expect(decision.route).toBe(c[1]);
    if (c[1] === 'direct') expect(decision.intent).toBe(c[2]);
    if (c[1] === 'intent') {
      expect(decision.intent).toBe(c[2]);
      expect(decision.args).toEqual(c[3]);
      expect(decision.confidence).toBeGreaterThanOrEqual(0.8);
    }
    if (c[1] === 'agent' || c[1] === 'clarify') expect(['agent', 'clarify']).toContain(decision.route);
  });
});

describe('clarifying choices parse back to the same reading', () => {
  const intents = ALL_CASES.filter((c) => c[1] === 'intent') as [string, 'intent', string, Record<string, unknown>][];
  it.each(intents.map((c) => [c[0], c] as const))('%s', async (_name, [, , intent, args]) => {
    const text = renderCommand(intent as never, args, router.lexicon().industryLabels);
    const decision = await router.route(text, { noLlm: true });
    expect({ text, intent: decision.intent, args: decision.args }).toEqual({ text, intent, args });
  });
});
