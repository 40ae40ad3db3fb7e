import { describe, expect, it } from 'vitest';
import { createCompanyRepo } from '../../../src/db/repos/company-repo.js';
import {
  createDedupeIndex,
  dedupeCandidates,
  findExistingCompany,
  mergeCandidates,
  sameCompany,
} from '../../../src/pipeline/scout/dedupe.js';
import { memoryDb } from '../../helpers/db.js';
import { sampleCompany } from '../../helpers/fixtures.js';
import { candidate } from '../../helpers/scout.js';

describe('sameCompany', () => {
  const base = candidate();

  it('matches the same registrable domain whatever the name or city says', () => {
    expect(
      sameCompany(
        base,
        candidate({ name: 'LFH Clinic', domain: null, website: 'http://www.lakeviewfamilyhealth.example/x' }),
      ),
    ).toBe(true);
    expect(sameCompany(base, candidate({ name: 'Lakeview FH', city: 'Rochester' }))).toBe(true);
  });

  it('never merges two different domains, even with the same name', () => {
    expect(sameCompany(base, candidate({ domain: 'other.example', website: null }))).toBe(false);
  });

  it('matches the normalized name in the same city when a domain is missing', () => {
    expect(
      sameCompany(base, candidate({ name: 'The Lakeview Family Health, Inc.', domain: null, website: null })),
    ).toBe(true);
    expect(
      sameCompany(base, candidate({ name: 'Lakeview Family Health', domain: null, website: null, city: 'Austin' })),
    ).toBe(false);
  });

  it('matches a fuzzy name (typo, extra word) only in the same city', () => {
    const typo = candidate({ name: 'Lakeveiw Family Health', domain: null, website: null });
    expect(sameCompany(base, typo)).toBe(true);
    expect(sameCompany(base, { ...typo, city: 'Rochester' })).toBe(false);
    expect(sameCompany(base, candidate({ name: 'Lakeview Family Health Center', domain: null, website: null }))).toBe(
      true,
    );
    expect(sameCompany(base, candidate({ name: 'Lakeview Family Dental', domain: null, website: null }))).toBe(false);
  });
});

describe('mergeCandidates / dedupeCandidates', () => {
  it('keeps the richest record, fills its gaps and remembers every source', () => {
    const rich = candidate({ sources: ['sandbox'], sourceRefs: { sandbox: 'sbx-1' }, phone: null });
    const poor = candidate({
      name: 'LAKEVIEW FAMILY HEALTH',
      employeeCount: null,
      buildingSqft: null,
      address: null,
      phone: '716-555-0100',
      siteCount: 5,
      sources: ['osm'],
      sourceRefs: { osm: 'node/1' },
    });
    const merged = mergeCandidates(poor, rich);
    expect(merged.name).toBe('Lakeview Family Health');
    expect(merged.phone).toBe('716-555-0100');
    expect(merged.employeeCount).toBe(140);
    expect(merged.siteCount).toBe(5);
    expect(merged.sources).toEqual(['osm', 'sandbox']);
    expect(merged.sourceRefs).toEqual({ osm: 'node/1', sandbox: 'sbx-1' });
  });

  it('collapses near-duplicate listings and keeps distinct companies apart', () => {
    const unique = dedupeCandidates([
      candidate(),
      candidate({ name: 'The Lakeview Family Health LLC', website: 'www.lakeviewfamilyhealth.example', domain: null }),
      candidate({ name: 'Lakeview Fmaily Health', website: null, domain: null, sources: ['osm'] }),
      candidate({ name: 'Summit Dental', domain: 'summitdental.example', website: null }),
      candidate({ name: 'Summit Dental', domain: 'summitdental.example', website: null, city: 'Austin' }),
      candidate({ name: 'Summit Dental', domain: null, website: null, city: 'Austin', state: 'TX' }),
    ]);
    // The domain-less Austin listing may be another company of the same name: it stays apart.
    expect(unique.map((c) => `${c.name}|${c.city}|${c.domain}|${c.sources.join('+')}`)).toEqual([
      'Lakeview Family Health|Buffalo|lakeviewfamilyhealth.example|sandbox+osm',
      'Summit Dental|Buffalo|summitdental.example|sandbox',
      'Summit Dental|Austin|null|sandbox',
    ]);
  });

  it('reports whether an added listing merged', () => {
    const index = createDedupeIndex();
    expect(index.add(candidate())).toBe(false);
    expect(index.add(candidate({ website: 'https://www.lakeviewfamilyhealth.example/' }))).toBe(true);
    expect(index.size).toBe(1);
  });
});

describe('findExistingCompany', () => {
  it('finds a stored company by domain, by name in the city, or by a fuzzy name in the city', async () => {
    const handle = memoryDb();
    const repo = createCompanyRepo(handle.db);
    const at = new Date('2026-11-25T09:00:00Z');
    const stored = await repo.insert(sampleCompany(), at);
    const noDomain = await repo.insert(
      sampleCompany({
        name: 'Niagara Urgent Care',
        normalizedName: 'niagara urgent care',
        domain: null,
        website: null,
      }),
      at,
    );
    expect(
      (await findExistingCompany(candidate({ name: 'x', website: 'http://www.lakeviewfamilyhealth.example' }), repo))
        ?.id,
    ).toBe(stored.id);
    expect(
      (await findExistingCompany(candidate({ name: 'Niagara Urgent Care, Inc.', domain: null, website: null }), repo))
        ?.id,
    ).toBe(noDomain.id);
    expect(
      (await findExistingCompany(candidate({ name: 'Niagra Urgent Care', domain: null, website: null }), repo))?.id,
    ).toBe(noDomain.id);
    expect(
      await findExistingCompany(
        candidate({ name: 'Niagara Urgent Care', domain: null, website: null, city: 'Austin' }),
        repo,
      ),
    ).toBeUndefined();
    expect(
      (
        await findExistingCompany(
          candidate({ name: 'Niagara Urgent Care', domain: 'nuc.example', website: null }),
          repo,
        )
      )?.id,
    ).toBe(noDomain.id);
    expect(await findExistingCompany(candidate({ domain: 'other.example', website: null }), repo)).toBeUndefined();
    handle.close();
  });
});
