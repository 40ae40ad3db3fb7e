import { afterEach, describe, expect, it } from 'vitest';
import type { Storage } from '../../../src/db/storage.js';
import type { NewContact } from '../../../src/pipeline/contacts/ports.js';
import { openTestStorage } from '../../helpers/db.js';
import { insertPendingLead } from '../../helpers/fixtures.js';

let storage: Storage | undefined;
afterEach(async () => {
  await storage?.close();
  storage = undefined;
});

const t0 = new Date('2026-11-25T09:00:00.000Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

describe('crm repo', () => {
  it('keeps one write per key, hands each due write to one claimer, and retries it later', async () => {
    storage = await openTestStorage();
    const crm = storage.repos.crm;
    const added = await crm.enqueue(
      'hubspot',
      [
        { kind: 'company', key: 'company:1', payload: { companyId: 1 } },
        { kind: 'email', key: 'email:event:9', payload: { eventId: 9 }, notBefore: later(10_000_000) },
      ],
      t0,
    );
    expect(added).toBe(2);
    expect(await crm.enqueue('hubspot', [{ kind: 'company', key: 'company:1', payload: { companyId: 2 } }], t0)).toBe(
      0,
    );
    expect((await crm.getWrite('hubspot', 'company:1'))?.payload).toEqual({ companyId: 1 });

    const [first, second] = await Promise.all([
      crm.claim('hubspot', { now: t0, leaseUntil: later(120_000), limit: 10 }),
      crm.claim('hubspot', { now: t0, leaseUntil: later(120_000), limit: 10 }),
    ]);
    expect([...first!, ...second!].map((w) => w.key)).toEqual(['company:1']);
    expect([...first!, ...second!][0]).toMatchObject({ status: 'running', attempts: 1 });

    // Nobody else takes it while the lease holds; after it expires (the claimer crashed), someone does.
    expect(await crm.claim('hubspot', { now: later(60_000), leaseUntil: later(180_000), limit: 10 })).toEqual([]);
    const retaken = await crm.claim('hubspot', { now: later(200_000), leaseUntil: later(320_000), limit: 10 });
    expect(retaken.map((w) => [w.key, w.attempts])).toEqual([['company:1', 2]]);

    // The crashed claimer coming back late ends nothing: the write is no longer its attempt.
    const stale = [...first!, ...second!][0]!;
    expect(await crm.finish(stale, { status: 'done', result: { crmId: 'stale' } }, later(210_000))).toBe(false);
    expect(await crm.getWrite('hubspot', 'company:1')).toMatchObject({ status: 'running', attempts: 2, result: null });
    expect(
      await crm.finish(retaken[0]!, { status: 'pending', lastError: '503', nextAttemptAt: later(400_000) }, t0),
    ).toBe(true);
    expect(await crm.claim('hubspot', { now: later(300_000), leaseUntil: later(420_000), limit: 10 })).toEqual([]);
    const counts = await crm.countWrites('hubspot');
    expect(counts).toMatchObject({ pending: 2, running: 0, done: 0 });
    expect(counts.byKind).toEqual({ company: 1, email: 1 });
    expect(counts.oldestWaitingAt?.toISOString()).toBe(t0.toISOString());

    const again = await crm.claim('hubspot', { now: later(400_000), leaseUntil: later(520_000), limit: 1 });
    await crm.finish(again[0]!, { status: 'done', result: { crmId: '501' } }, later(400_001));
    expect(await crm.getWrite('hubspot', 'company:1')).toMatchObject({ status: 'done', result: { crmId: '501' } });
  });

  it('puts failed writes back in the queue and gives back an attempt that only waited', async () => {
    storage = await openTestStorage();
    const crm = storage.repos.crm;
    await crm.enqueue('hubspot', [{ kind: 'contact', key: 'contact:3', payload: {} }], t0);
    const [w] = await crm.claim('hubspot', { now: t0, leaseUntil: later(1000), limit: 5 });
    await crm.finish(w!, { status: 'pending', refundAttempt: true, nextAttemptAt: t0 }, t0);
    expect((await crm.getWrite('hubspot', 'contact:3'))?.attempts).toBe(0);
    const [again] = await crm.claim('hubspot', { now: t0, leaseUntil: later(1000), limit: 5 });
    await crm.finish(again!, { status: 'failed', lastError: '400 bad property' }, t0);
    expect((await crm.listWrites({ provider: 'hubspot', status: ['failed'] })).map((x) => x.lastError)).toEqual([
      '400 bad property',
    ]);
    expect(await crm.retryFailed('hubspot', later(5))).toBe(1);
    expect(await crm.claim('hubspot', { now: later(5), leaseUntil: later(1000), limit: 5 })).toHaveLength(1);
  });

  it('stores one link per record and one check per company, repointing a link when asked', async () => {
    storage = await openTestStorage();
    const { crm, companies } = storage.repos;
    const company = await insertPendingLead(companies);
    await crm.saveLink(
      {
        provider: 'hubspot',
        kind: 'company',
        localKey: `company:${company.id}`,
        crmId: '900',
        url: null,
        createdByLeadbot: true,
      },
      t0,
    );
    await crm.saveLink(
      {
        provider: 'hubspot',
        kind: 'company',
        localKey: `company:${company.id}`,
        crmId: '800',
        url: 'u',
        createdByLeadbot: false,
      },
      later(1),
    );
    expect(await crm.getLink('hubspot', 'company', `company:${company.id}`)).toMatchObject({ crmId: '800', url: 'u' });
    expect(await crm.countLinks('hubspot')).toEqual({ company: 1 });
    const check = {
      companyId: company.id,
      provider: 'hubspot',
      outcome: 'known' as const,
      crmCompanyId: '800',
      url: null,
      matchedBy: 'domain',
      matches: 1,
      customer: true,
      customerSince: new Date('2024-03-01T00:00:00Z'),
      lifecycleStage: 'customer',
      ownerId: '77',
      ownerName: 'Dana Example',
      openDeals: 0,
      lastTouchAt: null,
      error: null,
      checkedAt: t0,
    };
    await crm.saveCheck(check);
    await crm.saveCheck({ ...check, ownerName: 'Dana Whitfield', checkedAt: later(10) });
    const [stored] = await crm.getChecks([company.id]);
    expect(stored).toMatchObject({ ownerName: 'Dana Whitfield', customer: true });
    expect(stored?.customerSince?.toISOString()).toBe('2024-03-01T00:00:00.000Z');
    expect(await crm.countChecks('hubspot')).toEqual({ clear: 0, known: 1, failed: 0 });
  });

  it('lists approved companies with their primary contacts as facts for the outbox', async () => {
    storage = await openTestStorage();
    const { crm, companies, contacts } = storage.repos;
    const approved = await insertPendingLead(companies);
    const pending = await insertPendingLead(companies, {
      name: 'Other',
      normalizedName: 'other',
      domain: 'other.example',
    });
    await companies.setStatus(approved.id, 'approved', later(1000));
    const person = {
      companyId: approved.id,
      fullName: 'Pat Example',
      firstName: 'Pat',
      lastName: 'Example',
      title: 'CFO',
      titleRank: 0,
      email: 'pat@lakeviewfamilyhealth.example',
      emailKind: 'found',
      verification: 'valid',
      source: 'sandbox',
      evidenceUrl: null,
      confidence: 0.9,
      phone: null,
      linkedinUrl: null,
      runId: null,
      isPrimary: true,
    } satisfies NewContact;
    const contact = await contacts.upsert(person, later(2000));
    await contacts.upsert({ ...person, companyId: pending.id, email: 'x@other.example' }, later(2000));
    const facts = await crm.facts(t0);
    expect(facts.companies).toEqual([approved.id]);
    expect(facts.contacts).toEqual([{ contactId: contact.id, companyId: approved.id }]);
    expect((await crm.facts(later(5000))).companies).toEqual([]);
  });
});

describe('rate limit repo', () => {
  it('admits at most the limit per window across claimers, then says when the next window opens', async () => {
    storage = await openTestStorage();
    const limits = storage.repos.rateLimits;
    const window = { limit: 3, windowMs: 10_000 };
    const at = new Date('2026-11-25T09:00:03.000Z');
    const results = await Promise.all(Array.from({ length: 5 }, () => limits.reserve('hubspot:burst', window, at)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    const refused = results.find((r) => !r.ok) as { ok: false; retryAt: Date };
    expect(refused.retryAt.toISOString()).toBe('2026-11-25T09:00:10.000Z');
    expect(await limits.used('hubspot:burst', window, at)).toBe(3);
    expect((await limits.reserve('hubspot:burst', window, new Date('2026-11-25T09:00:10.000Z'))).ok).toBe(true);
    expect((await limits.reserve('hubspot:search', window, at)).ok).toBe(true);
  });

  it('saturates the windows a 429 asked to wait through, and prunes old windows', async () => {
    storage = await openTestStorage();
    const limits = storage.repos.rateLimits;
    const window = { limit: 50, windowMs: 10_000 };
    const at = new Date('2026-11-25T09:00:03.000Z');
    await limits.saturate('hubspot:burst', window, at, new Date(at.getTime() + 25_000));
    expect((await limits.reserve('hubspot:burst', window, new Date(at.getTime() + 20_000))).ok).toBe(false);
    expect((await limits.reserve('hubspot:burst', window, new Date(at.getTime() + 30_000))).ok).toBe(true);
    expect(await limits.prune(new Date('2026-11-25T09:00:30.000Z'))).toBe(3);
  });
});
