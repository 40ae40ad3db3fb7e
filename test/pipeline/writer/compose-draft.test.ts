import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import type { CompanyFeatures, CompanyRecord } from '../../../src/pipeline/companies/ports.js';
import type { ContactRecord } from '../../../src/pipeline/contacts/ports.js';
import { critiqueDraft } from '../../../src/pipeline/critic/critique.js';
import { createNoLlm } from '../../../src/pipeline/llm/none.js';
import type { LlmPort } from '../../../src/pipeline/llm/ports.js';
import { composeDraft } from '../../../src/pipeline/writer/compose-draft.js';
import type { WriterContext } from '../../../src/pipeline/writer/context.js';
import { loadWriterDirective } from '../../../src/pipeline/writer/directive.js';
import { sampleCompany } from '../../helpers/fixtures.js';
import { FEATURES, realDirectives, scriptedLlm } from './helpers.js';

const directives = realDirectives();
const company: CompanyRecord = {
  ...sampleCompany(),
  id: 7,
  status: 'approved',
  createdAt: new Date(),
  updatedAt: new Date(),
};
const contact = {
  id: 3,
  companyId: 7,
  firstName: 'Sarah',
  fullName: 'Sarah Okafor',
  title: 'VP of Operations',
} as ContactRecord;

function context(overrides: Partial<WriterContext> = {}, features: Partial<CompanyFeatures> = {}): WriterContext {
  return {
    company,
    features: { ...FEATURES, ...features, companyId: 7 },
    score: {
      companyId: 7,
      runId: null,
      profile: 'utility-cost-audit',
      score: 78,
      tier: 'high',
      breakdown: {},
      scoreReason: '3-site healthcare organisation in deregulated NY with ~$135k estimated annual savings.',
      reasonSource: 'template',
    },
    contact,
    angle: {
      key: 'audit_offer',
      leadWith: 'a free, no-commitment audit of their utility bills',
      mode: 'exploit',
      reason:
        'exploiting audit_offer: best expected reply rate for healthcare (6.1%; 4/60 replies in healthcare, 5.8% elsewhere)',
    },
    allowedAngles: ['cost_savings', 'audit_offer', 'risk_reduction', 'multi_site_savings', 'deregulation_opportunity'],
    senderName: 'Dana Reyes',
    instructions: null,
    ...overrides,
  };
}

const GOOD = {
  reasoning: 'Three clinics in a deregulated state; a VP of Operations cares about budget. Lead with the free audit.',
  angle: 'audit_offer',
  subject: 'A free utility bill audit for Lakeview Family Health',
  body: `Hi Sarah,

We audit utility bills for healthcare organisations at no cost. For Lakeview Family Health's three sites in Buffalo, our estimate is about $135k a year in savings.

Could I send over the one-page list of what we would need?

Best,
Dana Reyes`,
};
const GENERIC = {
  reasoning: 'Keep it short.',
  angle: 'audit_offer',
  subject: 'Quick question',
  body: `Hi Sarah,

We help healthcare organisations cut their utility costs with a free audit.

Can I send you a case study? Are you free for a call on Thursday?

Best,
Dana Reyes`,
};
const human = (points: number) => ({ points, note: points === 2 ? 'Plain and natural.' : 'A bit stiff.' });

const run = (llm: LlmPort, ctx = context()) => composeDraft(ctx, { llm, directives });

describe('composeDraft (Writer ⇄ Critic)', () => {
  it('keeps a draft that passes the first time, with the model called once each way', async () => {
    const llm = scriptedLlm({ 'writer.draft': [GOOD], 'critic.sounds_human': [human(2)] });
    const draft = await run(llm.port);
    expect(draft).toMatchObject({ attempts: 1, lowConfidence: false, lowConfidenceReasons: [], scores: [10] });
    expect(draft.text).toMatchObject({ generatedBy: 'llm', angle: 'audit_offer', subject: GOOD.subject });
    expect(llm.calls.map((c) => c.name)).toEqual(['writer.draft', 'critic.sounds_human']);
    const prompt = llm.calls[0]!.prompt;
    for (const fact of [
      'Company: Lakeview Family Health',
      'Industry: healthcare',
      'Location: Buffalo, NY',
      'Sites: 3',
      'low $100k, mid $135k, high $170k',
      "Analyst's note: 3-site healthcare organisation",
      'State deregulated (customers can choose their supplier): yes',
      'Contact: Sarah Okafor, VP of Operations',
      'Greeting to use: Hi Sarah,',
      'Angle: audit_offer: lead with a free, no-commitment audit',
      'Why this angle: exploiting audit_offer: best expected reply rate for healthcare',
    ])
      expect(prompt).toContain(fact);
  });

  it('rewrites once with the per-criterion feedback and keeps the rewrite', async () => {
    const llm = scriptedLlm({
      'writer.draft': [GENERIC],
      'writer.rewrite': [GOOD],
      'critic.sounds_human': [human(2), human(2)],
    });
    const draft = await run(llm.port);
    expect(draft).toMatchObject({ attempts: 2, lowConfidence: false, scores: [3, 10] });
    expect(draft.text.subject).toBe(GOOD.subject);
    const rewrite = llm.calls.find((c) => c.name === 'writer.rewrite')!.prompt;
    expect(rewrite).toContain('Your previous draft scored 3/10');
    expect(rewrite).toContain('Previous subject: Quick question');
    expect(rewrite).toContain('- specific_number (0/2): No dollar figure: quote the estimate, e.g. about $135k a year');
    expect(rewrite).toContain('- clear_cta (1/2): 2 asks');
    expect(rewrite).toContain('- subject_specific (0/2): Generic subject “Quick question”');
  });

  it('flags a draft that never reaches 7 as low confidence, with its reasons, after two rewrites', async () => {
    const llm = scriptedLlm({
      'writer.draft': [GENERIC],
      'writer.rewrite': [
        GENERIC,
        {
          ...GENERIC,
          subject: 'Lakeview Family Health',
          body: GENERIC.body.replace('with a free audit.', 'with a free audit, about $135k a year.'),
        },
      ],
      'critic.sounds_human': [human(1), human(1), human(1)],
    });
    const draft = await run(llm.port);
    expect(draft.attempts).toBe(3);
    expect(draft.scores).toEqual([2, 2, 6]);
    expect(draft.lowConfidence).toBe(true);
    expect(draft.text.subject).toBe('Lakeview Family Health');
    expect(draft.lowConfidenceReasons[0]).toBe('Scored 6/10 after 3 attempt(s); 7 passes');
    expect(draft.lowConfidenceReasons.slice(1)).toEqual([
      'personalised (0/2): Nothing specific to Lakeview Family Health: name the company and one detail',
      'clear_cta (1/2): 2 asks (“Can I send you a case study?”, “Are you free for a call on Thursday?”): keep only one',
      'sounds_human (1/2): A bit stiff.',
    ]);
    expect(llm.remaining()).toBe(0);
  });

  it('catches an invented dollar figure in code, names it, and gets it fixed', async () => {
    const invented = { ...GOOD, body: GOOD.body.replace('about $135k a year', 'about $450k a year') };
    const llm = scriptedLlm({
      'writer.draft': [invented],
      'writer.rewrite': [GOOD],
      'critic.sounds_human': [human(2), human(2)],
    });
    const draft = await run(llm.port);
    expect(draft.scores).toEqual([8, 10]);
    expect(draft.attempts).toBe(2);
    expect(llm.calls.find((c) => c.name === 'writer.rewrite')!.prompt).toContain(
      "- specific_number (0/2): $450k is outside the Analyst's estimate for Lakeview Family Health ($100k–$170k)",
    );
  });

  it('never passes a draft that keeps inventing a figure, even at 8/10', async () => {
    const invented = { ...GOOD, body: GOOD.body.replace('about $135k a year', 'about $450k a year') };
    const llm = scriptedLlm({
      'writer.draft': [invented],
      'writer.rewrite': [invented, invented],
      'critic.sounds_human': [human(2), human(2), human(2)],
    });
    const draft = await run(llm.port);
    expect(draft.lowConfidence).toBe(true);
    expect(draft.lowConfidenceReasons[0]).toBe("Failed the Critic's code checks after 3 attempt(s) (score 8/10)");
    expect(draft.lowConfidenceReasons.join('\n')).toContain('$450k is outside');
  });

  it("keeps the chosen angle when the model drifts, but follows a reviewer's instruction to switch", async () => {
    const drift = scriptedLlm({
      'writer.draft': [{ ...GOOD, angle: 'cost_savings' }],
      'critic.sounds_human': [human(2)],
    });
    expect((await run(drift.port)).text.angle).toBe('audit_offer');
    const asked = scriptedLlm({
      'writer.draft': [{ ...GOOD, angle: 'cost_savings' }],
      'critic.sounds_human': [human(2)],
    });
    const draft = await run(asked.port, context({ instructions: 'Lead with the dollar figure instead' }));
    expect(draft.text.angle).toBe('cost_savings');
    expect(asked.calls[0]!.prompt).toContain(
      'Instructions from the reviewer (follow them): Lead with the dollar figure instead',
    );
  });

  it('falls back to the template when the model returns unusable output, and says so', async () => {
    const llm = scriptedLlm({
      'writer.draft': [{ reasoning: 'x', angle: 'audit_offer', subject: '', body: '' }],
      'critic.sounds_human': [new AppError('llm_unavailable', 'down')],
    });
    const draft = await run(llm.port);
    expect(draft.text.generatedBy).toBe('template');
    expect(draft.text.reasoning).toMatch(/^Written from the audit_offer template: the model failed \(writer\.draft: /);
    expect(draft.lowConfidence).toBe(false);
  });
});

describe('templates without a model', () => {
  const angles = loadWriterDirective(directives).angles;

  it.each(angles.map((a) => a.key))('%s fills a draft that passes the code checks', async (key) => {
    const def = angles.find((a) => a.key === key)!;
    const ctx = context({ angle: { key, leadWith: def.leadWith, mode: 'explore', reason: 'exploring' } });
    const draft = await composeDraft(ctx, { llm: createNoLlm(), directives });
    expect(draft.text.generatedBy).toBe('template');
    expect(draft.text.reasoning).toMatch(new RegExp(`^Written from the ${key} template: no model available`));
    expect(draft.attempts).toBe(1);
    const byKey = Object.fromEntries(draft.critique.criteria.map((c) => [c.key, c.points]));
    expect(byKey).toEqual({ personalised: 2, specific_number: 2, clear_cta: 2, sounds_human: 2, subject_specific: 2 });
    expect(draft.lowConfidence).toBe(false);
    expect(draft.text.body).toMatch(/^Hi Sarah,\n/);
    expect(draft.text.body).toMatch(/\n\nBest,\nDana Reyes$/);
    expect(draft.text.body).not.toMatch(/\{\w+\}/);
    expect(draft.text.subject).not.toMatch(/\{\w+\}/);
  });

  it('greets "Hi there" without a first name and quotes no figure without an estimate', async () => {
    const ctx = context({ contact: null }, { savingsLow: null, savingsMid: null, savingsHigh: null });
    const draft = await composeDraft(ctx, { llm: createNoLlm(), directives });
    expect(draft.text.body).toMatch(/^Hi there,\n/);
    expect(draft.text.body).toContain('10–17%');
    expect(draft.text.body).not.toMatch(/\$/);
    const check = await critiqueDraft(
      { subject: draft.text.subject, body: draft.text.body, company, features: ctx.features },
      { llm: createNoLlm(), directives },
    );
    expect(check.passed).toBe(true);
    expect(check.score).toBe(9);
  });
});
