import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/app/actor.js';
import { describeCrmState } from '../../src/pipeline/crm/check.js';
import type { CrmCheckRecord } from '../../src/pipeline/crm/ports.js';
import { type HubspotStandIn, startHubspotStandIn } from '../helpers/hubspot-stand-in.js';
import { sandboxLeadbot } from './helpers.js';

const ana: Actor = { kind: 'user', surface: 'slack', id: 'U0ANA' };
let stand: HubspotStandIn | undefined;
afterEach(async () => {
  await stand?.close();
  stand = undefined;
});

const check = (companyId: number, outcome: CrmCheckRecord['outcome']): CrmCheckRecord => ({
  companyId,
  provider: 'hubspot',
  outcome,
  crmCompanyId: outcome === 'known' ? '501' : null,
  url: null,
  matchedBy: outcome === 'known' ? 'domain' : null,
  matches: outcome === 'known' ? 1 : 0,
  customer: outcome === 'known',
  customerSince: null,
  lifecycleStage: outcome === 'known' ? 'customer' : null,
  ownerId: null,
  ownerName: null,
  openDeals: 0,
  lastTouchAt: null,
  error: outcome === 'failed' ? 'HubSpot is unreachable' : null,
  checkedAt: new Date(),
});

describe('Gate 1 with the CRM', () => {
  it('the cards show what HubSpot said (HUBSPOT_TOKEN and HUBSPOT_BASE_URL at a local HubSpot)', async () => {
    stand = await startHubspotStandIn();
    const env = { HUBSPOT_TOKEN: stand.token, HUBSPOT_BASE_URL: stand.url, CRM_INCLUDE_KNOWN: 'true' };
    const probe = await sandboxLeadbot();
    const first = (
      await probe.app.searchCompanies({ industry: 'healthcare', location: 'Buffalo, NY', count: 3, trigger: 'cli' })
    ).leads[0]!.company;
    await probe.app.close();
    stand.seed('companies', { name: first.name, domain: first.domain!, lifecyclestage: 'customer' });
    const { app, useCases } = await sandboxLeadbot(env);
    const result = await app.searchCompanies({
      industry: 'healthcare',
      location: 'Buffalo, NY',
      count: 3,
      trigger: 'cli',
    });
    const cards = await useCases.cards.leads(result.leads.map((l) => l.company.id));
    const theirs = cards.find((c) => c.lead.company.domain === first.domain)!;
    expect(theirs.crm).toMatchObject({ outcome: 'known', customer: true });
    expect(cards.filter((c) => c.crm?.outcome === 'clear')).toHaveLength(2);

    // Company info says the same: the team's customer, linked; another company, looked up and not there.
    const info = (await useCases.companyInfo({ name: first.name }, ana))!;
    const said = describeCrmState(info.crm!);
    expect(said.text).toMatch(/^In HubSpot: customer/);
    expect(said.url).toContain(`/record/0-2/${stand.all('companies')[0]!.id}`);
    const other = cards.find((c) => c.crm?.outcome === 'clear')!.lead.company;
    const otherInfo = await useCases.companyCrm({ companyId: other.id }, ana);
    expect(describeCrmState(otherInfo!).text).toMatch(/^Not in HubSpot \(checked \d{4}-\d\d-\d\d\)$/);
    await app.close();
  });

  it('"Approve all high-tier" leaves known and unchecked companies to a person, who can still approve them', async () => {
    const { app, useCases } = await sandboxLeadbot({ APPROVER_USER_IDS: 'U0ANA' });
    const result = await app.searchCompanies({
      industry: 'healthcare',
      location: 'Buffalo, NY',
      count: 10,
      trigger: 'cli',
    });
    const high = result.leads.filter((l) => l.score?.tier === 'high').map((l) => l.company.id);
    expect(high.length).toBeGreaterThanOrEqual(3);
    const [known, unchecked, ...rest] = high;
    await app.repos.crm.saveCheck(check(known!, 'known'));
    await app.repos.crm.saveCheck(check(unchecked!, 'failed'));
    // Without HUBSPOT_TOKEN, company info has no CRM to speak of.
    expect(await useCases.companyCrm({ companyId: unchecked! }, ana)).toBeNull();
    const { approved } = await useCases.approveAllHigh({ companyIds: high }, ana);
    expect(approved.sort()).toEqual(rest.sort());
    // Approving one of them takes a person's confirmation (the card's dialog, --confirm in the CLI).
    await expect(useCases.decideLead({ companyId: known!, decision: 'approved' }, ana)).rejects.toMatchObject({
      code: 'approval_required',
      message: expect.stringMatching(
        /is already in HubSpot: customer\. Approve it on its own card, which asks you to confirm/,
      ),
    });
    await expect(useCases.decideLead({ companyId: unchecked!, decision: 'approved' }, ana)).rejects.toMatchObject({
      code: 'approval_required',
      message: expect.stringContaining('was not checked against HubSpot (HubSpot is unreachable)'),
    });
    expect((await app.repos.companies.get(known!))!.status).toBe('pending');
    for (const id of [known!, unchecked!]) {
      const out = await useCases.decideLead({ companyId: id, decision: 'approved', crmConfirmed: true }, ana);
      expect(out.applied).toBe(true);
    }
    await app.close();
  });
});
