import { afterEach, describe, expect, it } from 'vitest';
import type { Storage } from '../../../src/db/storage.js';
import type { NewContact } from '../../../src/pipeline/contacts/ports.js';
import { openTestStorage } from '../../helpers/db.js';
import { sampleCompany } from '../../helpers/fixtures.js';

let storage: Storage | undefined;
afterEach(async () => {
  await storage?.close();
  storage = undefined;
});

const at = new Date('2026-11-25T09:00:00Z');
const later = new Date('2026-11-26T09:00:00Z');

async function setup() {
  storage = await openTestStorage();
  const company = await storage.repos.companies.insert(sampleCompany(), at);
  const contacts = storage.repos.contacts;
  const contact = (over: Partial<NewContact> = {}): NewContact => ({
    companyId: company.id,
    fullName: 'Dana Whitfield',
    firstName: 'Dana',
    lastName: 'Whitfield',
    title: 'CFO',
    titleRank: 0,
    email: 'dana.whitfield@lakeviewfamilyhealth.example',
    emailKind: 'found',
    verification: 'unverified',
    source: 'hunter',
    evidenceUrl: 'https://lakeviewfamilyhealth.example/team',
    confidence: 0.8,
    phone: null,
    linkedinUrl: null,
    runId: null,
    ...over,
  });
  return { company, contacts, contact };
}

describe('contact repo', () => {
  it('upserts per (company, email): a second sighting updates the same row', async () => {
    const { company, contacts, contact } = await setup();
    const first = await contacts.upsert(contact(), at);
    const again = await contacts.upsert(
      contact({ email: 'Dana.Whitfield@LakeviewFamilyHealth.example', verification: 'valid', confidence: 0.95 }),
      later,
    );
    expect(again.id).toBe(first.id);
    expect(again.verification).toBe('valid');
    expect(again.confidence).toBe(0.95);
    expect(again.updatedAt).toEqual(later);
    expect(await contacts.listForCompany(company.id)).toHaveLength(1);
  });

  it('never loses a real verification to a later "not checked", and upgrades a guess that is later found', async () => {
    const { contacts, contact } = await setup();
    await contacts.upsert(contact({ emailKind: 'guessed', source: 'permutation', verification: 'valid' }), at);
    const again = await contacts.upsert(contact({ source: 'website', verification: 'unverified' }), later);
    expect(again).toMatchObject({ emailKind: 'found', source: 'website', verification: 'valid' });
  });

  it('keeps a person without an address once per name', async () => {
    const { company, contacts, contact } = await setup();
    const a = await contacts.upsert(contact({ email: null, source: 'serper' }), at);
    const b = await contacts.upsert(contact({ email: null, fullName: 'dana whitfield', source: 'serper' }), later);
    expect(b.id).toBe(a.id);
    await contacts.upsert(contact(), at);
    expect(await contacts.listForCompany(company.id)).toHaveLength(2);
  });

  it('keeps exactly one primary contact per company', async () => {
    const { company, contacts, contact } = await setup();
    const a = await contacts.upsert(contact(), at);
    const b = await contacts.upsert(
      contact({ email: 'owner@lakeviewfamilyhealth.example', fullName: 'Sam Ortiz' }),
      at,
    );
    await contacts.setPrimary(company.id, a.id, at);
    await contacts.setPrimary(company.id, b.id, later);
    expect((await contacts.primaryFor(company.id))?.id).toBe(b.id);
    expect((await contacts.listForCompany(company.id)).filter((c) => c.isPrimary)).toHaveLength(1);
    await expect(contacts.setPrimary(company.id + 1, a.id, at)).rejects.toThrow(/does not belong/);
  });

  it('finds by address across companies and updates by id', async () => {
    const { contacts, contact } = await setup();
    const a = await contacts.upsert(contact(), at);
    expect(await contacts.findByEmail('DANA.WHITFIELD@lakeviewfamilyhealth.example')).toHaveLength(1);
    expect((await contacts.update(a.id, { status: 'bounced' }, later)).status).toBe('bounced');
    await expect(contacts.update(9999, { status: 'bounced' }, later)).rejects.toThrow(/does not exist/);
  });
});
