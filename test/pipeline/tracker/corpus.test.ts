import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNoLlm } from '../../../src/pipeline/llm/none.js';
import { classifyReply } from '../../../src/pipeline/tracker/classify.js';
import { parseEml } from '../../../src/providers/mail/parse-eml.js';

const DIR = 'test/fixtures/replies';
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<
  string,
  { classification: string; returnDate?: string | null }
>;
const files = readdirSync(DIR).filter((f) => f.endsWith('.eml'));
const now = () => new Date('2026-11-25T16:00:00Z');

describe('reply corpus (rules and the no-LLM fallback)', () => {
  it('has at least 40 messages, each with an expectation', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(Object.keys(expected).sort()).toEqual([...files].sort());
  });

  it.each(files)('%s', async (file) => {
    const msg = await parseEml(readFileSync(join(DIR, file)));
    const verdict = await classifyReply(msg, { llm: createNoLlm(), prompt: () => '', now });
    const want = expected[file]!;
    expect(verdict.classification).toBe(want.classification);
    if (want.classification === 'out_of_office')
      expect(verdict.returnDate?.toISOString().slice(0, 10) ?? null).toBe(want.returnDate ?? null);
  });
});
