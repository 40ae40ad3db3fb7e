import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { formatMoney } from '../../../src/pipeline/analyst/format.js';
import {
  buildFacts,
  loadNarrationPrompts,
  narrateScore,
  templateReason,
} from '../../../src/pipeline/analyst/narrate.js';
import { checkReason } from '../../../src/pipeline/analyst/reason-check.js';
import { scoreCompany } from '../../../src/pipeline/analyst/score.js';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import { company, DIRECTIVES, fakeLlm, seedProfile } from './helpers.js';

const who = { name: 'Lakeview Family Health', city: 'Buffalo', state: 'NY' };
const prompts = () => loadNarrationPrompts(createDirectiveStore(DIRECTIVES));
// 3 sites × 42,000 sq ft in NY: spend $602k, savings $60k–$102k, mid $81k; score 80, high.
const scored = () => scoreCompany(company({ siteCount: 3, buildingSqft: 42_000 }), seedProfile()).breakdown;

describe('formatMoney', () => {
  it('writes money the way people say it', () => {
    expect([0, 950, 999.4, 1_000, 181_600, 182_400, 999_499, 999_600, 1_240_000, 3_000_000].map(formatMoney)).toEqual([
      '$0',
      '$950',
      '$999',
      '$1k',
      '$182k',
      '$182k',
      '$999k',
      '$1M',
      '$1.2M',
      '$3M',
    ]);
  });
});

describe('checkReason', () => {
  const figures = { savingsMid: '$81k', sites: '3', score: '80', pct: '13.5%' };
  it('accepts one sentence quoting only given figures, however they are spelt', () => {
    expect(checkReason('"3-site hospital group in deregulated NY with ~$81K in savings (score 80)."', figures)).toEqual(
      {
        ok: true,
        sentence: '3-site hospital group in deregulated NY with ~$81K in savings (score 80).',
      },
    );
    expect(checkReason('Here is the sentence: Strong fit, about 13.5% of spend recoverable.', figures)).toMatchObject({
      ok: true,
      sentence: 'Strong fit, about 13.5% of spend recoverable.',
    });
    expect(
      checkReason('Route 66 Dental Inc. looks like a three-site fit.', figures, 'Route 66 Dental Inc.'),
    ).toMatchObject({
      ok: true,
    });
  });

  it.each([
    ['A 3-site group with ~$95k in savings.', 'number "95k" is not in the breakdown'],
    ['A 3-site group with ~$81,000 in savings.', 'number "81000" is not in the breakdown'],
    ['Savings of $81k. Score is 80.', 'more than one sentence'],
    ['A group with a dozen sites and $81k in savings.', 'number word "dozen" is not in the breakdown'],
    ['A group with seven sites.', 'number word "seven" is not in the breakdown'],
    ['Strong fit with $81k in savings', 'does not end like a sentence'],
    ['   ', 'empty reply'],
    [`${'very '.repeat(60)}good.`, 'longer than 280 characters'],
  ])('refuses %j', (text, why) => {
    expect(checkReason(text, figures)).toEqual({ ok: false, why });
  });
});

describe('narrateScore', () => {
  it('uses the template when no LLM is available', async () => {
    const { port, calls } = fakeLlm([], false);
    const narration = await narrateScore(who, scored(), { llm: port, prompts: prompts() });
    expect(narration).toEqual({
      reason: '3-site healthcare organisation in deregulated NY with ~$81k estimated annual savings (high tier).',
      source: 'template',
    });
    expect(calls).toHaveLength(0);
  });

  it('accepts the model sentence when it only uses figures from the breakdown', async () => {
    const reply =
      'Lakeview Family Health runs 3 sites in deregulated NY, a core-fit healthcare lead worth ~$81k a year.';
    const { port, calls } = fakeLlm([reply]);
    const narration = await narrateScore(who, scored(), { llm: port, prompts: prompts() });
    expect(narration).toEqual({ reason: reply, source: 'llm' });
    expect(calls[0]!.system).toMatch(/Do not calculate, round, convert, estimate or invent any number/);
    expect(calls[0]!.prompt).toContain('Facts about Lakeview Family Health:');
    expect(calls[0]!.prompt).toContain('- Estimated annual savings: $60k (10%) to $102k (17%), midpoint $81k (13.5%)');
  });

  it('falls back to the template when the model invents a number', async () => {
    const { port } = fakeLlm(['Lakeview could save roughly $250k a year across 3 sites.']);
    const narration = await narrateScore(who, scored(), { llm: port, prompts: prompts() });
    expect(narration.source).toBe('template');
    expect(narration.refused).toBe('number "250k" is not in the breakdown');
    expect(narration.reason).toContain('~$81k');
  });

  it('falls back to the template when the model call fails', async () => {
    const { port } = fakeLlm([new AppError('llm_invalid_output', 'garbled')]);
    const narration = await narrateScore(who, scored(), { llm: port, prompts: prompts() });
    expect(narration).toMatchObject({ source: 'template', refused: 'model call failed: garbled' });
  });

  it('tells the model and the reader what is unknown', () => {
    const b = scoreCompany(company({ siteCount: null, employeeCount: null, state: null }), seedProfile()).breakdown;
    const facts = buildFacts({ name: 'Acme', city: null, state: null }, b);
    expect(facts).toContain('- Sites: 1 (assumed: site count unknown)');
    expect(facts).toContain('- Employees: unknown');
    expect(facts).toContain('- State: unknown (state unknown; US average rates assumed; deregulation unknown)');
    expect(facts).toContain('- Unknown: employee count, site count, state');
    expect(templateReason(prompts().template, { name: 'Acme', city: null, state: null }, b)).toBe(
      'A healthcare organisation in an unknown state with ~$18k estimated annual savings (medium tier; unknown: employee count, site count, state).',
    );
  });
});
