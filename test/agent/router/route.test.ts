import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../../src/agent/router/route.js';
import { AppError } from '../../../src/errors.js';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import { createNoLlm } from '../../../src/pipeline/llm/none.js';
import { fakeLlm } from './llm-fake.js';

const directives = createDirectiveStore(resolve('directives'));
/** A message the parser understands only partly (one unknown word too many). */
const UNSURE = 'show me the shiny pending leads for Q3';

describe('router confidence gate', () => {
  it('answers a confident parse with no LLM call', async () => {
    const llm = fakeLlm();
    const router = createRouter({ directives, llm: llm.port });
    const d = await router.route('find 10 healthcare companies in Buffalo');
    expect(d).toMatchObject({ route: 'intent', intent: 'search_companies', llmCalls: 0 });
    expect(llm.calls).toHaveLength(0);
  });

  it('never calls the LLM for a trap', async () => {
    const llm = fakeLlm(() => ({ route: 'intent', intent: 'run_stage', args: { stage: 'outreach' }, confidence: 1 }));
    const router = createRouter({ directives, llm: llm.port });
    for (const text of [
      "don't send anything yet",
      'should we score now?',
      'find law firms in Austin and enrich them',
    ]) {
      const d = await router.route(text);
      expect(['agent', 'clarify']).toContain(d.route);
      expect(d.llmCalls).toBe(0);
    }
    expect(llm.calls).toHaveLength(0);
  });

  it('makes exactly one LLM call when unsure and acts on a confident answer', async () => {
    const llm = fakeLlm(() => ({
      route: 'intent',
      intent: 'list_leads',
      args: { status: 'pending', limit: '5' },
      confidence: 0.9,
    }));
    const router = createRouter({ directives, llm: llm.port });
    const d = await router.route(UNSURE);
    expect(llm.calls).toHaveLength(1);
    expect(llm.calls[0]!.name).toBe('router.extract');
    expect(llm.calls[0]!.prompt).toContain(UNSURE);
    expect(d).toMatchObject({
      route: 'intent',
      intent: 'list_leads',
      args: { status: 'pending', limit: 5 },
      llmCalls: 1,
    });
  });

  it("keeps the industry the LLM names in the user's words", async () => {
    const llm = fakeLlm(() => ({
      route: 'intent',
      intent: 'search_companies',
      args: { industry: 'law firms', location: 'Austin, TX', count: 20 },
      confidence: 0.8,
    }));
    const d = await createRouter({ directives, llm: llm.port }).route('dig up a score of attorneys around Austin TX');
    expect(d.args).toEqual({ industry: 'law firms', location: 'Austin, TX', count: 20 });
  });

  it('asks a clarifying question naming the readings below 0.65', async () => {
    const llm = fakeLlm(() => ({
      route: 'intent',
      intent: 'list_drafts',
      args: { status: 'pending' },
      confidence: 0.5,
    }));
    const d = await createRouter({ directives, llm: llm.port }).route(UNSURE);
    expect(d.route).toBe('clarify');
    expect(d.llmCalls).toBe(1);
    expect(d.confidence).toBeLessThan(0.65);
    expect(d.readings.map((r) => r.text)).toEqual(['show pending drafts', 'show pending leads']);
    expect(d.question).toContain('`show pending drafts`');
    expect(d.question).toContain('`show pending leads`');
  });

  it('does not act on arguments that fail validation', async () => {
    const llm = fakeLlm(() => ({ route: 'intent', intent: 'suppress', args: { target: 'acme' }, confidence: 0.95 }));
    const d = await createRouter({ directives, llm: llm.port }).route('please never bother acme again with our mail');
    expect(d.route).not.toBe('intent');
    expect(d.llmCalls).toBeLessThanOrEqual(1);
  });

  it('falls back to the parser when the LLM fails, counting the attempt', async () => {
    const llm = fakeLlm(() => new AppError('llm_unavailable', 'Ollama is down'));
    const d = await createRouter({ directives, llm: llm.port }).route(UNSURE);
    expect(['clarify', 'agent']).toContain(d.route);
    expect(d.llmCalls).toBe(1);
    expect(d.reason).toContain('llm_unavailable');
  });

  it('treats invalid structured output as a failure, not an answer', async () => {
    const llm = fakeLlm(() => ({ route: 'maybe', confidence: 7 }));
    const d = await createRouter({ directives, llm: llm.port }).route(UNSURE);
    expect(d.route).toBe('clarify');
    expect(d.reason).toContain('llm_invalid_output');
  });

  it('makes no call with noLlm or when no model is available', async () => {
    const llm = fakeLlm();
    const withFlag = await createRouter({ directives, llm: llm.port }).route(UNSURE, { noLlm: true });
    const without = await createRouter({ directives, llm: createNoLlm() }).route(UNSURE);
    expect(llm.calls).toHaveLength(0);
    expect(withFlag.llmCalls).toBe(0);
    expect(without.llmCalls).toBe(0);
    expect(without.route).toBe('clarify');
  });

  it('routes open-ended requests the LLM calls agent', async () => {
    const llm = fakeLlm(() => ({ route: 'agent', intent: null, confidence: 0.85 }));
    const d = await createRouter({ directives, llm: llm.port }).route('hmm acme health q3 zebra');
    expect(d).toMatchObject({ route: 'agent', intent: null, llmCalls: 1 });
  });
});
