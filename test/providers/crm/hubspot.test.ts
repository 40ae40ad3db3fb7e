import { afterEach, describe, expect, it } from 'vitest';
import type { HubspotConfig } from '../../../src/config.js';
import { isAppError } from '../../../src/errors.js';
import type { CrmCompanyInput } from '../../../src/pipeline/crm/ports.js';
import { createHubspotCrm } from '../../../src/providers/crm/hubspot/index.js';
import {
  type HubspotStandIn,
  type HubspotStandInOptions,
  startHubspotStandIn,
} from '../../helpers/hubspot-stand-in.js';

let stand: HubspotStandIn | undefined;
afterEach(async () => {
  await stand?.close();
  stand = undefined;
});

function configFor(s: HubspotStandIn, overrides: Partial<HubspotConfig> = {}): HubspotConfig {
  return {
    token: s.token,
    baseUrl: s.url,
    apiVersion: s.version,
    burst: { count: 1000, perMs: 1000 },
    search: { count: 1000, perMs: 1000 },
    daily: 100_000,
    dealPipeline: 'default',
    dealStage: 'appointmentscheduled',
    bounceProperty: 'leadbot_hard_bounce_date',
    leadSource: 'leadbot',
    ...overrides,
  };
}

async function setup(options: HubspotStandInOptions = {}, overrides: Partial<HubspotConfig> = {}, now?: () => Date) {
  stand = await startHubspotStandIn({
    owners: { '77': { firstName: 'Dana', lastName: 'Whitfield', email: 'dana@ours.example' } },
    ...options,
  });
  const crm = createHubspotCrm(configFor(stand, overrides), { maxWaitMs: 2_000, now });
  return { s: stand, crm };
}

const acme: CrmCompanyInput = {
  key: 'domain:acme.example',
  name: 'Acme Dental',
  domain: 'acme.example',
  website: 'https://www.acme.example',
  phone: null,
  address: '1 Main St',
  city: 'Buffalo',
  state: 'NY',
  postalCode: '14201',
  country: 'US',
};

describe('HubSpot adapter against a local HubSpot', () => {
  it('looks companies up by domain, or by name and city, and reads customer, owner, deals and last touch', async () => {
    const { s, crm } = await setup();
    s.seed('companies', {
      name: 'Acme Dental',
      domain: 'ACME.example',
      lifecyclestage: 'customer',
      hs_lifecyclestage_customer_date: '2024-03-01T00:00:00Z',
      hubspot_owner_id: '77',
      hs_num_open_deals: '2',
      notes_last_contacted: String(Date.parse('2026-11-20T10:00:00Z')),
    });
    s.seed('companies', { name: 'Lakeside Vet', city: 'Rochester' });
    const queries = [
      { id: 'a', key: 'domain:acme.example', domain: 'acme.example', name: 'Acme', city: null },
      { id: 'b', key: 'name:lakeside vet|rochester', domain: null, name: 'Lakeside Vet', city: 'Rochester' },
      { id: 'c', key: 'name:lakeside vet|buffalo', domain: null, name: 'Lakeside Vet', city: 'Buffalo' },
      ...[1, 2, 3, 4].map((n) => ({ id: `x${n}`, key: `k${n}`, domain: `none${n}.example`, name: 'x', city: null })),
    ];
    const found = await crm.findCompanies(queries);
    const a = found.get('a')![0]!;
    expect(a).toMatchObject({ matchedBy: 'domain', lifecycleStage: 'customer', ownerId: '77', openDeals: 2 });
    expect(a.customerSince?.toISOString()).toBe('2024-03-01T00:00:00.000Z');
    expect(a.lastTouchAt?.toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(a.url).toBe(`https://app.hubspot.com/contacts/4242/record/0-2/${a.crmId}`);
    expect(found.get('b')).toHaveLength(1);
    expect(found.get('b')![0]!.matchedBy).toBe('name_city');
    expect(found.get('c')).toEqual([]);
    // Seven queries, five filter groups per search: two searches, on the date-versioned path.
    const searches = s.requests.filter((r) => r.path === '/crm/objects/2026-09/companies/search');
    expect(searches).toHaveLength(2);
    expect(await crm.ownerName('77')).toBe('Dana Whitfield');
    expect(await crm.ownerName('404')).toBeUndefined();
  });

  it('upserts companies by its unique key property: a retried write updates the company, never adds a second', async () => {
    const { s, crm } = await setup();
    const [first] = await crm.saveCompanies([acme]);
    expect(first).toMatchObject({ key: acme.key, created: true });
    expect(s.properties.get('companies')?.get('leadbot_company_key')).toBe(true);
    const [again] = await crm.saveCompanies([{ ...acme, phone: '+1 716 555 0100' }]);
    expect(again).toMatchObject({ crmId: first!.crmId, created: false });
    const companies = s.all('companies');
    expect(companies).toHaveLength(1);
    expect(companies[0]!.properties).toMatchObject({
      name: 'Acme Dental',
      domain: 'acme.example',
      phone: '+1 716 555 0100',
      leadbot_source: 'leadbot',
      leadbot_company_key: 'domain:acme.example',
    });
  });

  it("adopting a company the team already has sets only leadbot's key, leaving their name and owner", async () => {
    const { s, crm } = await setup();
    const theirs = s.seed('companies', { name: 'ACME (key account)', domain: 'acme.example', hubspot_owner_id: '77' });
    const [saved] = await crm.saveCompanies([{ ...acme, crmId: theirs.id, adopt: true }]);
    expect(saved).toMatchObject({ crmId: theirs.id, created: false });
    expect(theirs.properties).toMatchObject({ name: 'ACME (key account)', leadbot_company_key: acme.key });
    expect(theirs.properties.leadbot_source).toBeUndefined();
  });

  it('without the schema scope it searches then creates; a twin the search could not see yet is merged later', async () => {
    const { s, crm } = await setup({ schemaWrite: false });
    s.lag = true;
    const [ours] = await crm.saveCompanies([acme]);
    expect(ours!.created).toBe(true);
    // A colleague adds the same company; neither write is searchable yet, so a second save cannot see ours.
    s.seed('companies', { name: 'Acme', domain: 'acme.example' });
    const theirs = s.all('companies').find((c) => c.id !== ours!.crmId)!;
    theirs.createdAt = '2020-01-01T00:00:00.000Z';
    theirs.properties.createdate = '2020-01-01T00:00:00.000Z';
    s.catchUp();
    const reconciled = await crm.reconcileCompany({ crmId: ours!.crmId, domain: 'acme.example' });
    expect(reconciled.merged).toBe(true);
    expect(s.all('companies').map((c) => c.id)).toEqual([theirs.id]);
  });

  it('upserts contacts by email and associates each with its company', async () => {
    const { s, crm } = await setup();
    const [company] = await crm.saveCompanies([acme]);
    const input = {
      key: 'contact:1',
      email: 'Sam.Lee@acme.example',
      firstName: 'Sam',
      lastName: 'Lee',
      title: 'Practice Manager',
      phone: null,
      companyCrmId: company!.crmId,
    };
    const [first] = await crm.saveContacts([input]);
    const [second] = await crm.saveContacts([{ ...input, title: 'Office Manager' }]);
    expect(second!.crmId).toBe(first!.crmId);
    expect(first!.created).toBe(true);
    expect(second!.created).toBe(false);
    const contacts = s.all('contacts');
    expect(contacts).toHaveLength(1);
    expect(contacts[0]!.properties).toMatchObject({ email: 'sam.lee@acme.example', jobtitle: 'Office Manager' });
    expect(s.associated(`contacts/${first!.crmId}`, `companies/${company!.crmId}`)).toBe(true);
  });

  it('logs emails on the contact and company timelines, and a reconciling retry finds the one that landed', async () => {
    const { s, crm } = await setup();
    const [company] = await crm.saveCompanies([acme]);
    const contact = s.seed('contacts', { email: 'sam@acme.example' });
    const email = {
      key: 'event:5',
      direction: 'outgoing' as const,
      contactCrmId: contact.id,
      companyCrmId: company!.crmId,
      at: new Date('2026-12-01T09:00:00Z'),
      subject: 'A quick question',
      body: 'Hello Sam',
      from: { email: 'alex@ours.example', name: 'Alex Rivera' },
      to: { email: 'sam@acme.example', name: 'Sam Lee' },
    };
    const [logged] = await crm.logEmails([email], { reconcile: false });
    const [retried] = await crm.logEmails([email], { reconcile: true });
    expect(retried).toMatchObject({ crmId: logged!.crmId, created: false });
    const emails = s.all('emails');
    expect(emails).toHaveLength(1);
    expect(emails[0]!.properties).toMatchObject({
      hs_email_direction: 'EMAIL',
      hs_email_subject: 'A quick question',
      hs_email_text: 'Hello Sam',
      hs_timestamp: String(email.at.getTime()),
    });
    expect(JSON.parse(emails[0]!.properties.hs_email_headers!).from).toEqual({
      email: 'alex@ours.example',
      firstName: 'Alex',
      lastName: 'Rivera',
    });
    expect(s.associated(emails[0]!, `contacts/${contact.id}`)).toBe(true);
    expect(s.associated(emails[0]!, `companies/${company!.crmId}`)).toBe(true);
  });

  it('opens one deal per positive reply (unique deal key) with a task for the owner', async () => {
    const { s, crm } = await setup();
    const [company] = await crm.saveCompanies([acme]);
    const contact = s.seed('contacts', { email: 'sam@acme.example' });
    const deal = {
      key: 'deal:seq:3',
      name: 'Acme Dental (leadbot)',
      companyCrmId: company!.crmId,
      contactCrmId: contact.id,
      ownerId: '77',
    };
    const first = await crm.saveDeal(deal, { reconcile: false });
    const again = await crm.saveDeal(deal, { reconcile: true });
    expect(again.crmId).toBe(first.crmId);
    expect(s.all('deals')).toHaveLength(1);
    expect(s.all('deals')[0]!.properties).toMatchObject({
      pipeline: 'default',
      dealstage: 'appointmentscheduled',
      hubspot_owner_id: '77',
    });
    expect(s.associated(`deals/${first.crmId}`, `companies/${company!.crmId}`)).toBe(true);
    expect(s.associated(`deals/${first.crmId}`, `contacts/${contact.id}`)).toBe(true);
    const task = {
      key: 'task:seq:3',
      subject: 'Reply to Sam',
      body: 'They said yes',
      dueAt: new Date('2026-12-02T09:00:00Z'),
      ownerId: '77',
      dealCrmId: first.crmId,
      contactCrmId: contact.id,
    };
    const t1 = await crm.createTask(task, { reconcile: false });
    const t2 = await crm.createTask(task, { reconcile: true });
    expect(t2.crmId).toBe(t1.crmId);
    expect(s.all('tasks')).toHaveLength(1);
    expect(s.associated(`tasks/${t1.crmId}`, `deals/${first.crmId}`)).toBe(true);
  });

  it('opts out through the subscriptions API and marks a hard bounce on a named contact property', async () => {
    const { s, crm } = await setup();
    const contact = s.seed('contacts', { email: 'sam@acme.example' });
    expect(await crm.optOut('Sam@acme.example')).toBe('done');
    expect(s.unsubscribed.has('sam@acme.example')).toBe(true);
    expect(await crm.optOut('nobody@acme.example')).toBe('absent');
    const at = new Date('2026-12-03T00:00:00Z');
    expect(await crm.markBounced({ crmId: null, email: 'sam@acme.example' }, at)).toBe('done');
    expect(contact.properties.leadbot_hard_bounce_date).toBe(String(at.getTime()));
    expect(await crm.markBounced({ crmId: null, email: 'nobody@acme.example' }, at)).toBe('absent');
  });

  it('waits out a 429 with Retry-After and retries a 5xx; a bad token is an unauthorized error', async () => {
    const { s, crm } = await setup();
    s.failNext({
      status: 429,
      path: /search$/,
      headers: { 'retry-after': '0' },
      body: {
        status: 'error',
        message: 'You have reached your ten_secondly_rolling limit.',
        errorType: 'RATE_LIMIT',
        policyName: 'TEN_SECONDLY_ROLLING',
      },
    });
    s.failNext({ status: 502, path: /search$/, body: '<html>Bad gateway</html>' });
    const found = await crm.findCompanies([{ id: 'a', key: 'k', domain: 'acme.example', name: 'Acme', city: null }]);
    expect(found.get('a')).toEqual([]);
    expect(s.requests.filter((r) => r.path.endsWith('/search'))).toHaveLength(3);

    const bad = createHubspotCrm(configFor(s, { token: 'pat-wrong' }));
    const err = await bad
      .findCompanies([{ id: 'a', key: 'k', domain: 'acme.example', name: 'Acme', city: null }])
      .catch((e) => e);
    expect(isAppError(err, 'unauthorized')).toBe(true);
    expect((await bad.access()).detail).toMatch(/rejected the token/);
  });

  it('a 429 for the daily limit holds every further request until the next day, without asking HubSpot again', async () => {
    const { s, crm } = await setup({}, {}, () => new Date('2026-12-07T15:00:00Z'));
    s.failNext({
      status: 429,
      path: /search$/,
      headers: { 'retry-after': '1' },
      body: {
        status: 'error',
        message: 'You have reached your daily limit.',
        errorType: 'RATE_LIMIT',
        policyName: 'DAILY',
      },
    });
    const err = await crm
      .findCompanies([{ id: 'a', key: 'k', domain: 'acme.example', name: 'Acme', city: null }])
      .catch((e) => e);
    expect(isAppError(err, 'rate_limited')).toBe(true);
    expect(s.requests.filter((r) => r.path.endsWith('/search'))).toHaveLength(1);
    expect(crm.http.gate.blockedUntil()?.toISOString()).toBe('2026-12-08T00:00:00.000Z');
  });

  it('reports the token scopes leadbot lacks', async () => {
    const { crm } = await setup({ scopes: ['crm.objects.companies.read', 'crm.objects.companies.write'] });
    const access = await crm.access();
    expect(access.ok).toBe(false);
    expect(access.portalId).toBe('4242');
    expect(access.missing.map((m) => m.scope)).toContain('crm.objects.contacts.write');
    expect(access.optional.map((m) => m.scope)).toContain('crm.schemas.companies.write');
  });
});
