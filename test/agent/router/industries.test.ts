import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../../src/agent/router/route.js';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import { createNoLlm } from '../../../src/pipeline/llm/none.js';
import { DESCRIBED } from './described.js';

const router = createRouter({ directives: createDirectiveStore(resolve('directives')), llm: createNoLlm('test') });
const route = (text: string) => router.route(text, { noLlm: true });

describe('issue 18 development set (no LLM)', () => {
  it.each(DESCRIBED.map((c) => [c[0], c] as const))('%s', async (_name, c) => {
    const d = await route(c[0]);
    if (c[1] === 'intent')
      expect({ route: d.route, intent: d.intent, args: d.args }).toEqual({ route: c[1], intent: c[2], args: c[3] });
    else if (c[1] === 'direct') expect([d.route, d.intent]).toEqual([c[1], c[2]]);
    else expect(['agent', 'clarify']).toContain(d.route);
  });
});

describe('industries are the user’s words', () => {
  it('keeps a specific ask as asked instead of a neighbouring category', async () => {
    for (const [text, term] of [
      ['find 10 breweries in Portland, OR', 'breweries'],
      ['find 12 veterinary hospitals in Omaha', 'veterinary hospitals'],
      ['find 5 craft distilleries near Louisville', 'craft distilleries'],
    ]) {
      expect((await route(text!)).args.industry).toBe(term);
    }
  });

  it('asks which industry, with both as choices, when one search names two kinds', async () => {
    const d = await route('find 10 tattoo parlors and barbershops in Tulsa');
    expect(d.route).toBe('clarify');
    expect(d.question).toBe(
      'Which industry: tattoo parlors or barbershops? I search for one kind of company at a time.',
    );
    expect(d.readings.map((r) => r.text)).toEqual(['find 10 tattoo parlors in Tulsa', 'find 10 barbershops in Tulsa']);
    for (const r of d.readings) expect((await route(r.text)).route).toBe('intent');
  });

  it('without a model, asks for what is missing instead of answering with the help text', async () => {
    const d = await route('find 10 businesses in Boston');
    expect(d.route).toBe('clarify');
    expect(d.question).toMatch(/Which industry should I search Boston for/);
  });

  it('corrects a typo only where the word is not English', async () => {
    expect((await route('find 10 trucking companies in Memphis')).args.industry).toBe('trucking');
    expect((await route('find 10 resturants in Austin')).args.industry).toBe('restaurants');
  });
});
