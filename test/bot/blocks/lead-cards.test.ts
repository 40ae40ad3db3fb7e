import { describe, expect, it } from 'vitest';
import { leadCardText } from '../../../src/bot/blocks/lead-cards.js';
import type { CompanyRecord, Lead } from '../../../src/pipeline/companies/ports.js';

function lead(industry: string, industryKey: string | null, sourceRefs: Record<string, string> = {}): Lead {
  const company = {
    id: 1,
    name: 'Summit Distilling',
    industry,
    city: 'Louisville',
    state: 'KY',
    website: null,
    sourceRefs,
  };
  const score = { score: 41, tier: 'medium', scoreReason: 'One site.', breakdown: { inputs: { industryKey } } };
  return { company: company as unknown as CompanyRecord, score } as unknown as Lead;
}

describe('lead card industry note', () => {
  it('says when the industry is outside the ICP profile', () => {
    expect(leadCardText(lead('coffee roasters', null))).toContain('_outside your profile_');
    expect(leadCardText(lead('food_processing', 'food_processing'))).not.toContain('outside your profile');
  });

  it('labels a company found by a broader search', () => {
    expect(leadCardText(lead('education', 'education', { broader: 'schools' }))).toContain('_broader search: schools_');
  });
});
