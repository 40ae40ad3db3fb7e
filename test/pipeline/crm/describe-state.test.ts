import { describe, expect, it } from 'vitest';
import { clearCheck, describeCrmState } from '../../../src/pipeline/crm/check.js';
import type { CrmCheckRecord, CrmLinkRecord } from '../../../src/pipeline/crm/ports.js';

const at = new Date('2026-12-07T09:00:00Z');
const check = (over: Partial<CrmCheckRecord>): CrmCheckRecord => ({ ...clearCheck(1, 'hubspot', at), ...over });
const link = (createdByLeadbot: boolean): CrmLinkRecord => ({
  provider: 'hubspot',
  kind: 'company',
  localKey: 'company:1',
  crmId: '900',
  url: 'https://app.hubspot.com/contacts/1/record/0-2/900',
  createdByLeadbot,
  createdAt: at,
  updatedAt: at,
});

describe('describeCrmState: one line on company info', () => {
  it('says what the CRM knows, whose record it is, and what is still waiting', () => {
    const customer = check({
      outcome: 'known',
      crmCompanyId: '77',
      url: 'https://app.hubspot.com/contacts/1/record/0-2/77',
      customer: true,
      customerSince: new Date('2024-03-01T00:00:00Z'),
      ownerName: 'Dana',
    });
    expect(describeCrmState({ crm: 'HubSpot', check: customer })).toEqual({
      text: 'In HubSpot: customer since 2024 · owner Dana',
      url: customer.url,
    });
    expect(describeCrmState({ crm: 'HubSpot', check: check({}), link: link(true) }).text).toBe(
      'In HubSpot (added by leadbot)',
    );
    expect(describeCrmState({ crm: 'HubSpot', check: customer, link: link(false) }).text).toBe(
      "In HubSpot (the team's record): customer since 2024 · owner Dana",
    );
    expect(describeCrmState({ crm: 'HubSpot', check: check({}), write: 'pending' }).text).toBe(
      'Not in HubSpot (checked 2026-12-07) · its update is waiting to reach HubSpot',
    );
    expect(
      describeCrmState({ crm: 'HubSpot', check: check({ outcome: 'failed', error: '503 from HubSpot' }) }),
    ).toEqual({ text: 'Not checked against HubSpot: 503 from HubSpot', url: null });
    expect(describeCrmState({ crm: 'HubSpot' }).text).toBe('Not checked against HubSpot yet');
  });
});
