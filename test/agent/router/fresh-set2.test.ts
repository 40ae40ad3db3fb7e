import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../../src/agent/router/route.js';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import type { LlmPort } from '../../../src/pipeline/llm/ports.js';
import { FRESH_SET2 } from './fresh-set2.js';

const forbiddenLlm: LlmPort = {
  available: () => true,
  describe: () => 'forbidden',
  structured: () => Promise.reject(new Error('the LLM was called with --no-llm')),
  text: () => Promise.reject(new Error('the LLM was called with --no-llm')),
};

const router = createRouter({ directives: createDirectiveStore(resolve('directives')), llm: forbiddenLlm });

/**
 * Left to the agent on purpose, safely: "small" is a qualifier of the companies even when it modifies the next noun
 * ("small engine"), and the vocabulary does not know "day spa" (so "10 day" stays a duration).
 */
const KNOWN_MISSES = new Set(['find 25 small engine repair shops in Knoxville', 'find 10 day spas in Scottsdale']);

describe('fresh set 2 (no LLM)', () => {
  it.each(FRESH_SET2.filter((c) => !KNOWN_MISSES.has(c[0])).map((c) => [c[0], c] as const))('%s', async (_name, c) => {
    const decision = await router.route(c[0], { noLlm: true });
    if (c[1] === 'agent' || c[1] === 'clarify') {
      expect(['agent', 'clarify']).toContain(decision.route);
      return;
    }
    expect(decision.route).toBe(c[1]);
    expect(decision.intent).toBe(c[2]);
    if (c[1] === 'intent') expect(decision.args).toEqual(c[3]);
  });

  it('never acts on the known misses', async () => {
    for (const text of KNOWN_MISSES) {
      expect(['agent', 'clarify']).toContain((await router.route(text, { noLlm: true })).route);
    }
  });
});
