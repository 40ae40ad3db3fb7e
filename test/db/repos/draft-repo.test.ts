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
  it('round-trips a draft with its Critic breakdown and lists it with the contact address', async () => {
    const s = setupDb();
    const { company, contact } = await seedLead(s);
    const saved = await s.repos.drafts.insert(draft(company.id, contact!.id), s.clock());
    expect(await s.repos.drafts.get(saved.id)).toEqual(saved);
    expect(saved).toMatchObject({
      status: 'pending',
      lowConfidence: true,
      criticFeedback: ['clear_cta (1/2): two asks'],
    });
    expect(saved.criticBreakdown!.criteria[0]!.checkedBy).toBe('code');
    const [item] = await s.repos.drafts.listForReview({ status: ['pending'] });
    expect(item).toMatchObject({
      id: saved.id,
      companyName: company.name,
      contactEmail: contact!.email,
      industry: 'healthcare',
    });
    expect(await s.repos.drafts.listForReview({ ids: [saved.id + 1] })).toEqual([]);
  });

  it('keeps one pending or approved draft per company, however many writers insert at once', async () => {
    const s = setupDb();
    const { company } = await seedLead(s);
    const made = await Promise.all(
      Array.from({ length: 5 }, () => s.repos.drafts.insertCurrent(draft(company.id, null), s.clock())),
    );
    expect(made.filter(Boolean)).toHaveLength(1);
    await s.repos.drafts.update(made.find(Boolean)!.id, { status: 'rejected' }, s.clock());
    expect(await s.repos.drafts.insertCurrent(draft(company.id, null), s.clock())).toBeDefined();
  });

  it('knows the current draft of a company: never a superseded or rejected one', async () => {
    const s = setupDb();
    const { company } = await seedLead(s);
    const a = await s.repos.drafts.insert(draft(company.id, null), s.clock());
    expect((await s.repos.drafts.currentForCompany(company.id))!.id).toBe(a.id);
    await s.repos.drafts.update(a.id, { status: 'superseded' }, s.clock());
    expect(await s.repos.drafts.currentForCompany(company.id)).toBeUndefined();
    const b = await s.repos.drafts.insert(draft(company.id, null, { replacesDraftId: a.id }), s.clock());
    await s.repos.drafts.update(b.id, { status: 'rejected' }, s.clock());
    expect(await s.repos.drafts.currentForCompany(company.id)).toBeUndefined();
    const c = await s.repos.drafts.insert(draft(company.id, null), s.clock());
    await s.repos.drafts.update(c.id, { status: 'sent' }, s.clock());
    expect((await s.repos.drafts.currentForCompany(company.id))!.id).toBe(c.id);
    expect((await s.repos.drafts.list({ companyId: company.id })).map((d) => d.id)).toEqual([c.id, b.id, a.id]);
    await expect(s.repos.drafts.update(999, { status: 'sent' }, s.clock())).rejects.toThrow('No draft with id 999');
  });
});

describe('win-rate repo', () => {
  it('adds to the counters atomically and keys industries case-insensitively', async () => {
    const s = setupDb();
    await s.repos.winRates.increment('Healthcare', 'audit_offer', { sent: 1 }, s.clock());
    await s.repos.winRates.increment(
      'healthcare ',
      'audit_offer',
      { sent: 2, replies: 1, positiveReplies: 1 },
      s.clock(),
    );
    await s.repos.winRates.increment('retail', 'cost_savings', { sent: 5 }, s.clock());
    expect(await s.repos.winRates.forIndustry('HEALTHCARE')).toEqual([
      { industry: 'healthcare', angle: 'audit_offer', sent: 3, replies: 1, positiveReplies: 1 },
    ]);
    expect((await s.repos.winRates.all()).map((r) => `${r.industry}/${r.angle}/${r.sent}`)).toEqual([
      'healthcare/audit_offer/3',
      'retail/cost_savings/5',
    ]);
  });
});
