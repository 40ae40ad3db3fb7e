import { describe, expect, it } from 'vitest';
import type { NewDraft } from '../../../src/pipeline/drafts/ports.js';
import { seedLead, setupDb } from '../../pipeline/writer/helpers.js';

const draft = (companyId: number, contactId: number | null, overrides: Partial<NewDraft> = {}): NewDraft => ({
  companyId,
  contactId,
  runId: null,
  replacesDraftId: null,
  angle: 'audit_offer',
  angleMode: 'explore',
  reasoning: 'r',
  subject: 'Subject',
  body: 'Body',
  generatedBy: 'template',
  criticScore: 9,
  criticBreakdown: { criteria: [{ key: 'personalised', points: 2, note: 'Names it', checkedBy: 'code' }] },
  criticFeedback: ['clear_cta (1/2): two asks'],
  attempts: 2,
  lowConfidence: true,
  lowConfidenceReasons: ['Scored 6/10'],
  instructions: null,
  ...overrides,
});

describe('draft repo', () => {
  it('round-trips a draft with its Critic breakdown and lists it with the contact address', () => {
    const s = setupDb();
    const { company, contact } = seedLead(s);
    const saved = s.repos.drafts.insert(draft(company.id, contact!.id), s.clock());
    expect(s.repos.drafts.get(saved.id)).toEqual(saved);
    expect(saved).toMatchObject({
      status: 'pending',
      lowConfidence: true,
      criticFeedback: ['clear_cta (1/2): two asks'],
    });
    expect(saved.criticBreakdown!.criteria[0]!.checkedBy).toBe('code');
    const [item] = s.repos.drafts.listForReview({ status: ['pending'] });
    expect(item).toMatchObject({
      id: saved.id,
      companyName: company.name,
      contactEmail: contact!.email,
      industry: 'healthcare',
    });
    expect(s.repos.drafts.listForReview({ ids: [saved.id + 1] })).toEqual([]);
  });

  it('knows the current draft of a company: never a superseded or rejected one', () => {
    const s = setupDb();
    const { company } = seedLead(s);
    const a = s.repos.drafts.insert(draft(company.id, null), s.clock());
    expect(s.repos.drafts.currentForCompany(company.id)!.id).toBe(a.id);
    s.repos.drafts.update(a.id, { status: 'superseded' }, s.clock());
    expect(s.repos.drafts.currentForCompany(company.id)).toBeUndefined();
    const b = s.repos.drafts.insert(draft(company.id, null, { replacesDraftId: a.id }), s.clock());
    s.repos.drafts.update(b.id, { status: 'rejected' }, s.clock());
    expect(s.repos.drafts.currentForCompany(company.id)).toBeUndefined();
    const c = s.repos.drafts.insert(draft(company.id, null), s.clock());
    s.repos.drafts.update(c.id, { status: 'sent' }, s.clock());
    expect(s.repos.drafts.currentForCompany(company.id)!.id).toBe(c.id);
    expect(s.repos.drafts.list({ companyId: company.id }).map((d) => d.id)).toEqual([c.id, b.id, a.id]);
    expect(() => s.repos.drafts.update(999, { status: 'sent' }, s.clock())).toThrow('No draft with id 999');
  });
});

describe('win-rate repo', () => {
  it('adds to the counters atomically and keys industries case-insensitively', () => {
    const s = setupDb();
    s.repos.winRates.increment('Healthcare', 'audit_offer', { sent: 1 }, s.clock());
    s.repos.winRates.increment('healthcare ', 'audit_offer', { sent: 2, replies: 1, positiveReplies: 1 }, s.clock());
    s.repos.winRates.increment('retail', 'cost_savings', { sent: 5 }, s.clock());
    expect(s.repos.winRates.forIndustry('HEALTHCARE')).toEqual([
      { industry: 'healthcare', angle: 'audit_offer', sent: 3, replies: 1, positiveReplies: 1 },
    ]);
    expect(s.repos.winRates.all().map((r) => `${r.industry}/${r.angle}/${r.sent}`)).toEqual([
      'healthcare/audit_offer/3',
      'retail/cost_savings/5',
    ]);
  });
});
