import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { AppError } from '../../../src/errors.js';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import { createNoLlm } from '../../../src/pipeline/llm/none.js';
import type { LlmCallOptions, LlmPort } from '../../../src/pipeline/llm/ports.js';
import { loadIndustryTable, loadOsmTags, resolveIndustry } from '../../../src/pipeline/scout/directive.js';
import { planQueries, synonymVariants } from '../../../src/pipeline/scout/plan.js';

const directives = createDirectiveStore(resolve('directives'));
const industries = loadIndustryTable(directives);

function fakeLlm(answer: (o: LlmCallOptions) => unknown): LlmPort & { calls: LlmCallOptions[] } {
  const calls: LlmCallOptions[] = [];
  return {
    calls,
    available: () => true,
    describe: () => 'fake',
    async structured<T>(o: LlmCallOptions & { schema: z.ZodType<T> }) {
      calls.push(o);
      const out = answer(o);
      if (out instanceof Error) throw out;
      const parsed = o.schema.safeParse(out);
      if (!parsed.success) throw new AppError('llm_invalid_output', 'bad output');
      return parsed.data;
    },
    text: async () => '',
  };
}

describe('industry synonyms (directives/scout.md)', () => {
  it('maps what people type to the ICP industry keys', () => {
    const key = (t: string) => resolveIndustry(t, industries).key;
    expect(key('law firms')).toBe('legal');
    expect(key('Hospitals')).toBe('healthcare');
    expect(key('clinics')).toBe('healthcare');
    expect(key('hotels')).toBe('hospitality');
    expect(key('nursing homes')).toBe('senior_living');
    expect(key('senior_living')).toBe('senior_living');
    expect(key('warehouses')).toBe('logistics');
    expect(key('Car Dealerships')).toBe('auto_dealers');
    expect(key('gyms')).toBe('fitness');
    expect(key('grocery stores')).toBe('grocery');
    expect(resolveIndustry('underwater basket weaving', industries)).toMatchObject({
      key: 'underwater basket weaving',
      label: 'underwater basket weaving',
      known: false,
    });
  });

  it('uses exactly the industry keys of the ICP profile, each with OSM tags', () => {
    const icp = directives.get('icp').blocks['icp-profile'] as { industries: Record<string, unknown> };
    expect(Object.keys(industries).sort()).toEqual(Object.keys(icp.industries).sort());
    const tags = loadOsmTags(directives);
    for (const key of Object.keys(industries)) expect(tags[key], key).toBeDefined();
  });
});

describe('planQueries', () => {
  const industry = resolveIndustry('hospitals', industries);
  const input = { industry, location: 'Buffalo, NY', count: 10, avoid: [] };

  it('uses the LLM variants, without repeats or phrases to avoid, and records the prompt from the directive', async () => {
    const llm = fakeLlm(() => ({ variants: ['urgent care', 'Urgent Care', 'hospitals', 'medical groups', 'clinics'] }));
    const plan = await planQueries({ ...input, avoid: ['hospitals'] }, { llm, directives, industries });
    expect(plan).toEqual({ variants: ['urgent care', 'medical groups', 'clinics'], source: 'llm' });
    expect(llm.calls[0]!.prompt).toContain('Industry: healthcare');
    expect(llm.calls[0]!.prompt).toContain('Phrases to avoid (already searched): hospitals');
  });

  it('falls back to the synonym table without an LLM, on invalid output and on llm_unavailable', async () => {
    const expected = ['hospitals', 'medical clinics', 'urgent care centers', 'physician practices'];
    expect(await planQueries(input, { llm: createNoLlm(), directives, industries })).toEqual({
      variants: expected,
      source: 'synonyms',
    });
    const invalid = fakeLlm(() => ({ variants: ['only one'] }));
    expect((await planQueries(input, { llm: invalid, directives, industries })).source).toBe('synonyms');
    const down = fakeLlm(() => new AppError('llm_unavailable', 'down'));
    expect((await planQueries(input, { llm: down, directives, industries })).variants).toEqual(expected);
  });

  it('lets other LLM failures surface', async () => {
    const broken = fakeLlm(() => new AppError('internal', 'bug'));
    await expect(planQueries(input, { llm: broken, directives, industries })).rejects.toThrow('bug');
  });

  it('gives the retry round new variants, deterministically', () => {
    const first = synonymVariants({ industry, avoid: [] }, industries);
    const second = synonymVariants({ industry, avoid: first }, industries);
    expect(first).toHaveLength(4);
    expect(second.length).toBeGreaterThanOrEqual(3);
    expect(second.some((v) => first.includes(v))).toBe(false);
    const unknown = synonymVariants({ industry: resolveIndustry('beekeepers', industries), avoid: [] }, industries);
    expect(unknown[0]).toBe('beekeepers');
  });
});
