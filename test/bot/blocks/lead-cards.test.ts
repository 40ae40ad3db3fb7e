import { describe, expect, it } from 'vitest';
import { buildLeadCardBlocks, leadCardText } from '../../../src/bot/blocks/lead-cards.js';
import type { CompanyRecord, Lead } from '../../../src/pipeline/companies/ports.js';
import type { CrmCheckRecord } from '../../../src/pipeline/crm/ports.js';
import { findActiveMrkdwn, HOSTILE, HOSTILE_ALL } from '../../helpers/mrkdwn-check.js';

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

describe('lead card CRM line', () => {
  const check = (over: Partial<CrmCheckRecord> = {}): CrmCheckRecord => ({
    companyId: 1,
    provider: 'hubspot',
    outcome: 'known',
    crmCompanyId: '501',
    url: 'https://app.hubspot.com/contacts/4242/record/0-2/501',
    matchedBy: 'domain',
    matches: 1,
    customer: true,
    customerSince: new Date('2024-05-01T00:00:00Z'),
    lifecycleStage: 'customer',
    ownerId: '9',
    ownerName: 'Dana Whitfield',
    openDeals: 1,
    lastTouchAt: null,
    error: null,
    checkedAt: new Date('2026-12-07T09:00:00Z'),
    ...over,
  });

  it('shows the customer, owner and open deals, linked to the HubSpot record', () => {
    const text = leadCardText(lead('healthcare', 'healthcare'), check());
    expect(text).toContain(
      ':no_entry: In <https://app.hubspot.com/contacts/4242/record/0-2/501|HubSpot>: customer since 2024 · owner Dana Whitfield · 1 open deal',
    );
  });

  it('escapes what the CRM says like any outside text', () => {
    const card = buildLeadCardBlocks(
      {
        lead: lead('healthcare', 'healthcare'),
        crm: check({ ownerName: HOSTILE_ALL, lifecycleStage: HOSTILE.name, customer: false }),
      },
      'UTC',
    );
    expect(findActiveMrkdwn(card, { links: ['https://app.hubspot.com/contacts/4242/record/0-2/501'] })).toEqual([]);
  });

  it('approving a company that was not checked, or that the CRM knows, asks for a confirmation', () => {
    const l = lead('healthcare', 'healthcare');
    (l.company as { status: string }).status = 'pending';
    const card = buildLeadCardBlocks(
      { lead: l, crm: check({ outcome: 'failed', crmCompanyId: null, error: '401' }) },
      'UTC',
    );
    expect(JSON.stringify(card)).toContain('Not checked against HubSpot');
    const approve = (card[1] as { elements: { action_id: string; confirm?: { title: { text: string } } }[] })
      .elements[0]!;
    expect(approve.action_id).toBe('lead_approve');
    expect(approve.confirm?.title.text).toBe('Approve without the CRM?');
    // A company the team already works with is approved only when someone confirms it, told what the CRM said.
    const known = buildLeadCardBlocks({ lead: l, crm: check({ ownerName: HOSTILE_ALL }) }, 'UTC');
    const knownApprove = (known[1] as { elements: { confirm?: { title: { text: string }; text: { text: string } } }[] })
      .elements[0]!;
    expect(knownApprove.confirm?.title.text).toBe('Already in HubSpot');
    expect(knownApprove.confirm?.text.text).toMatch(/^HubSpot knows this company \(customer since 2024 · owner /);
    expect(findActiveMrkdwn(known, { links: ['https://app.hubspot.com/contacts/4242/record/0-2/501'] })).toEqual([]);
    const clear = buildLeadCardBlocks({ lead: l, crm: check({ outcome: 'clear', crmCompanyId: null }) }, 'UTC');
    expect((clear[1] as { elements: { confirm?: unknown }[] }).elements[0]!.confirm).toBeUndefined();
  });
});
