import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import type { CompanyFeatures, CompanyRecord } from '../../../src/pipeline/companies/ports.js';
import { critiqueDraft } from '../../../src/pipeline/critic/critique.js';
import { formatMoney, parseDollarFigures } from '../../../src/pipeline/critic/money.js';
import { createNoLlm } from '../../../src/pipeline/llm/none.js';
import { sampleCompany } from '../../helpers/fixtures.js';
import { FEATURES, realDirectives, scriptedLlm } from '../writer/helpers.js';

const company: CompanyRecord = {
  ...sampleCompany({ name: 'Lakeview Family Health, Inc.' }),
  id: 1,
  status: 'approved',
  createdAt: new Date(),
  updatedAt: new Date(),
};
const features: CompanyFeatures = { ...FEATURES, companyId: 1 };
const directives = realDirectives();
const noLlm = { llm: createNoLlm(), directives };

const GOOD_SUBJECT = 'Lakeview Family Health: about $135k a year in utility costs';
const GOOD_BODY = `Hi Sarah,

Lakeview Family Health runs three sites in Buffalo. Our estimate is that a review of the utility bills would save about $135k a year.

Most of it comes from billing errors and rate classes, not new equipment.

Would you be open to a 15-minute call next week?

Best,
Dana`;

const points = (c: Awaited<ReturnType<typeof critiqueDraft>>) =>
  Object.fromEntries(c.criteria.map((x) => [x.key, x.points]));

describe('parseDollarFigures', () => {
  it('reads every way a dollar figure is written', () => {
    const values = (t: string) => parseDollarFigures(t).map((f) => f.value);
    expect(values('save $180k a year')).toEqual([180_000]);
    expect(values('about $180,000, maybe $1.2M')).toEqual([180_000, 1_200_000]);
    expect(values('roughly 180 thousand dollars')).toEqual([180_000]);
    expect(values('$2 million or USD 40,000')).toEqual([2_000_000, 40_000]);
    expect(values('between $150–200k')).toEqual([150_000, 200_000]);
    expect(values('$101k to $170k')).toEqual([101_000, 170_000]);
    expect(values('cut it by 10–17%')).toEqual([]);
  });

  it('formats money so that it parses back within rounding', () => {
    for (const v of [870, 9_870, 101_250, 136_688, 1_249_000]) {
      const [figure] = parseDollarFigures(formatMoney(v));
      expect(Math.abs(figure!.value - v) / v).toBeLessThan(0.005);
    }
  });
});

describe('critiqueDraft (code checks)', () => {
  it('passes a specific draft 10/10 and says why per criterion', async () => {
    const c = await critiqueDraft({ subject: GOOD_SUBJECT, body: GOOD_BODY, company, features }, noLlm);
    expect(c.score).toBe(10);
    expect(c.passed).toBe(true);
    expect(c.feedback).toEqual([]);
    const notes = Object.fromEntries(c.criteria.map((x) => [x.key, x.note]));
    expect(notes.specific_number).toBe('$135k within the estimate ($100k–$170k)');
    expect(notes.clear_cta).toBe('One ask: “Would you be open to a 15-minute call next week?”');
    expect(c.criteria.find((x) => x.key === 'sounds_human')).toMatchObject({ checkedBy: 'code' });
  });

  it('fails an invented dollar figure whatever the score, naming the figure', async () => {
    const body = GOOD_BODY.replace('about $135k a year', 'about $450k a year');
    const c = await critiqueDraft(
      { subject: 'Lakeview Family Health and its utility bills', body, company, features },
      noLlm,
    );
    expect(c.score).toBe(8);
    expect(c.passed).toBe(false);
    expect(c.hardFailures).toEqual([
      "$450k is outside the Analyst's estimate for Lakeview Family Health, Inc. ($100k–$170k): use only figures from the estimate",
    ]);
    expect(c.feedback[0]).toMatch(/^specific_number \(0\/2\): \$450k is outside/);
  });

  it('checks every figure, in the subject too, and the words "thousand dollars"', async () => {
    const c = await critiqueDraft(
      {
        subject: 'Lakeview Family Health: $1.2M in savings',
        body: GOOD_BODY.replace('$135k', '150 thousand dollars'),
        company,
        features,
      },
      noLlm,
    );
    expect(c.figures.map((f) => [f.text, f.withinEstimate])).toEqual([
      ['$1.2M', false],
      ['150 thousand dollars', true],
    ]);
    expect(c.hardFailures).toHaveLength(1);
    expect(c.hardFailures[0]).toMatch(/^\$1\.2M is outside/);
  });

  it('wants a figure, one ask and a specific subject', async () => {
    const body = `Hi Sarah,

We help organisations like yours find significant savings on utilities.

Can I send you a short case study? Are you free for a call on Thursday?

Best,
Dana`;
    const c = await critiqueDraft({ subject: 'Quick question', body, company, features }, noLlm);
    expect(points(c)).toEqual({
      personalised: 0,
      specific_number: 0,
      clear_cta: 1,
      sounds_human: 1,
      subject_specific: 0,
    });
    expect(c.passed).toBe(false);
    expect(c.feedback).toEqual([
      'personalised (0/2): Nothing specific to Lakeview Family Health, Inc.: name the company and one detail',
      'specific_number (0/2): No dollar figure: quote the estimate, e.g. about $135k a year ($100k–$170k)',
      'clear_cta (1/2): 2 asks (“Can I send you a short case study?”, “Are you free for a call on Thursday?”): keep only one',
      'sounds_human (1/2): Sounds less human: uses “significant savings” (rule-based estimate, no model)',
      'subject_specific (0/2): Generic subject “Quick question”: name Lakeview Family Health, Inc. or a specific detail',
    ]);
  });

  it('counts a call-to-action phrase without a question mark as the ask', async () => {
    const body = GOOD_BODY.replace(
      'Would you be open to a 15-minute call next week?',
      'Just reply with a time that suits you.',
    );
    const c = await critiqueDraft({ subject: GOOD_SUBJECT, body, company, features }, noLlm);
    expect(points(c).clear_cta).toBe(2);
    const none = await critiqueDraft(
      { subject: GOOD_SUBJECT, body: GOOD_BODY.replace(/Would you.*\?/, 'Thanks.'), company, features },
      noLlm,
    );
    expect(points(none).clear_cta).toBe(0);
  });

  it('scores tone by rules without a model: stock phrases, exclamation marks, length', async () => {
    const body = `${GOOD_BODY.replace('Hi Sarah,', 'Hi Sarah,\n\nI hope this email finds you well! I wanted to reach out.')}`;
    const c = await critiqueDraft({ subject: GOOD_SUBJECT, body, company, features }, noLlm);
    const human = c.criteria.find((x) => x.key === 'sounds_human')!;
    expect(human.points).toBe(0);
    expect(human.note).toMatch(/“I hope this email finds you well”, “I wanted to reach out”; exclamation marks/);
  });

  it('gives 1 point for no figure when there is no estimate, and fails any figure then', async () => {
    const none = { ...features, savingsLow: null, savingsMid: null, savingsHigh: null };
    const body = GOOD_BODY.replace(' would save about $135k a year', ' would cut costs by 10–17% a year');
    const ok = await critiqueDraft(
      { subject: 'Lakeview Family Health and its utility bills', body, company, features: none },
      noLlm,
    );
    expect(points(ok).specific_number).toBe(1);
    expect(ok.passed).toBe(true);
    const bad = await critiqueDraft({ subject: GOOD_SUBJECT, body: GOOD_BODY, company, features: none }, noLlm);
    expect(bad.passed).toBe(false);
    expect(bad.hardFailures[0]).toMatch(
      /\$135k cannot be checked: Lakeview Family Health, Inc\. has no savings estimate/,
    );
  });
});

describe('critiqueDraft (the model judges only tone)', () => {
  it("uses the model's verdict on sounding human and nothing else", async () => {
    const llm = scriptedLlm({
      'critic.sounds_human': [{ points: 1, note: 'A little stiff in the second paragraph.' }],
    });
    const c = await critiqueDraft(
      { subject: GOOD_SUBJECT, body: GOOD_BODY, company, features },
      { llm: llm.port, directives },
    );
    expect(c.criteria.find((x) => x.key === 'sounds_human')).toEqual({
      key: 'sounds_human',
      points: 1,
      note: 'A little stiff in the second paragraph.',
      checkedBy: 'llm',
    });
    expect(c.score).toBe(9);
    expect(llm.calls).toHaveLength(1);
    expect(llm.calls[0]!.prompt).toContain(GOOD_SUBJECT);
    expect(llm.calls[0]!.system).toMatch(/Do not judge facts, numbers/);
  });

  it('caps a generous model with the banned phrases code found', async () => {
    const llm = scriptedLlm({ 'critic.sounds_human': [{ points: 2, note: 'Natural.' }] });
    const body = GOOD_BODY.replace('Most of it', 'Our cutting-edge, seamless process means most of it');
    const c = await critiqueDraft({ subject: GOOD_SUBJECT, body, company, features }, { llm: llm.port, directives });
    const human = c.criteria.find((x) => x.key === 'sounds_human')!;
    expect(human.points).toBe(0);
    expect(human.note).toBe('Natural. Uses “cutting-edge”, “seamless”.');
  });

  it('falls back to the rule-based estimate when the model fails', async () => {
    const llm = scriptedLlm({ 'critic.sounds_human': [{ points: 7, note: '' }] });
    const c = await critiqueDraft(
      { subject: GOOD_SUBJECT, body: GOOD_BODY, company, features },
      { llm: llm.port, directives },
    );
    expect(c.criteria.find((x) => x.key === 'sounds_human')).toMatchObject({ points: 2, checkedBy: 'code' });
    const down = scriptedLlm({ 'critic.sounds_human': [new AppError('llm_unavailable', 'Ollama is down')] });
    const d = await critiqueDraft(
      { subject: GOOD_SUBJECT, body: GOOD_BODY, company, features },
      { llm: down.port, directives },
    );
    expect(d.score).toBe(10);
  });
});
