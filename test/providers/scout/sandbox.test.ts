import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { generateDirectory } from '../../../scripts/generate-sandbox-directory.js';
import { dedupeCandidates } from '../../../src/pipeline/scout/dedupe.js';
import type { ScoutQuery } from '../../../src/pipeline/scout/ports.js';
import {
  createSandboxSource,
  loadSandboxDirectory,
  SANDBOX_DIRECTORY_FILE,
} from '../../../src/providers/scout/sandbox.js';

const directory = loadSandboxDirectory();
const source = createSandboxSource(() => directory);
const query = (over: Partial<ScoutQuery> = {}): ScoutQuery => ({
  text: 'hospitals',
  industry: 'healthcare',
  location: { text: 'Buffalo, NY', city: 'Buffalo', state: 'NY', country: 'US' },
  limit: 100,
  page: 1,
  ...over,
});

describe('sandbox directory', () => {
  it('is exactly what the committed, seeded generator writes', () => {
    const committed = JSON.parse(gunzipSync(readFileSync(SANDBOX_DIRECTORY_FILE)).toString('utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(generateDirectory(committed.seed))));
  });

  it('has at least 12 distinct companies for each of ≥15 industries in each of ≥25 cities', () => {
    expect(directory.industries.length).toBeGreaterThanOrEqual(15);
    expect(directory.cities.length).toBeGreaterThanOrEqual(25);
    expect(directory.cities.map((c) => c.city)).toEqual(
      expect.arrayContaining(['Buffalo', 'Rochester', 'Austin', 'Chicago']),
    );
    const groups = new Map<string, typeof directory.listings>();
    for (const l of directory.listings) {
      const key = `${l.industry}|${l.city}`;
      groups.set(key, [...(groups.get(key) ?? []), l]);
    }
    expect(groups.size).toBe(directory.industries.length * directory.cities.length);
    const smallest = Math.min(...[...groups.values()].map((g) => dedupeCandidates(g).length));
    expect(smallest).toBeGreaterThanOrEqual(12);
  });

  it('is fictional and realistic: .example domains, 555 numbers, varied fields, some missing, some duplicates', () => {
    const { listings } = directory;
    expect(listings.every((l) => l.domain === null || l.domain.endsWith('.example'))).toBe(true);
    expect(listings.every((l) => l.phone === null || /\b555[-. ]01\d\d$/.test(l.phone))).toBe(true);
    const share = (f: (l: (typeof listings)[number]) => boolean) => listings.filter(f).length / listings.length;
    expect(share((l) => l.employeeCount === null)).toBeGreaterThan(0.05);
    expect(share((l) => l.website === null)).toBeGreaterThan(0.03);
    expect(share((l) => (l.siteCount ?? 1) > 1)).toBeGreaterThan(0.1);
    expect(share((l) => l.buildingSqft !== null)).toBeGreaterThan(0.6);
    expect(new Set(listings.map((l) => l.employeeCount)).size).toBeGreaterThan(300);
    expect(listings.filter((l) => l.ref.endsWith('d')).length).toBeGreaterThan(200);
  });
});

describe('sandbox source', () => {
  it('resolves the cities it covers and refuses others', async () => {
    expect(await source.resolveLocation!('buffalo', {})).toMatchObject({ city: 'Buffalo', state: 'NY' });
    expect(await source.resolveLocation!('Saint Louis, MO', {})).toMatchObject({ city: 'St. Louis', state: 'MO' });
    expect(await source.resolveLocation!('TX', {})).toMatchObject({ city: null, state: 'TX' });
    expect(await source.resolveLocation!('Springfield, IL', {})).toBeUndefined();
    expect(await source.resolveLocation!('Buffalo, TX', {})).toBeUndefined();
    expect(await source.resolveLocation!('Wyoming', {})).toBeUndefined();
  });

  it('returns companies of the industry in the place, best matches to the query text first', async () => {
    const found = await source.search(query({ limit: 5 }), {});
    expect(found).toHaveLength(5);
    expect(found.every((c) => c.industry === 'healthcare' && c.city === 'Buffalo' && c.state === 'NY')).toBe(true);
    expect(found[0]!.name).toMatch(/Hospital/);
    expect(found[0]!.sources).toEqual(['sandbox']);
    const again = await source.search(query({ limit: 5 }), {});
    expect(again).toEqual(found);
    const other = await source.search(query({ text: 'urgent care', limit: 5 }), {});
    expect(other.map((c) => c.name)).not.toEqual(found.map((c) => c.name));
    expect(await source.search(query({ industry: 'beekeeping' }), {})).toEqual([]);
    const state = await source.search(query({ location: { text: 'TX', city: null, state: 'TX', country: 'US' } }), {});
    expect(new Set(state.map((c) => c.city))).toEqual(new Set(['Austin', 'Dallas', 'Houston', 'San Antonio']));
  });

  it('answers a specific term with listings of that kind, the rest of the category labelled broader', async () => {
    const exact = await source.search(query({ text: 'hospitals', term: 'hospitals', industry: 'healthcare' }), {});
    expect(exact.length).toBeGreaterThan(0);
    expect(exact.every((c) => /hospital/i.test(c.name))).toBe(true);
    const filled = await source.search(
      query({ term: 'hospitals', broader: { label: 'healthcare', osmTags: [] }, limit: 12 }),
      {},
    );
    expect(filled).toHaveLength(12);
    const broader = filled.filter((c) => c.sourceRefs.broader === 'healthcare');
    expect(broader.length).toBe(12 - exact.length);
    expect(filled.slice(0, exact.length).every((c) => /hospital/i.test(c.name))).toBe(true);
  });

  it('finds breweries by their sub-industry and never swaps in a neighbour', async () => {
    const breweries = await source.search(
      query({ text: 'breweries', term: 'breweries', industry: 'food_processing' }),
      {},
    );
    expect(breweries.length).toBeGreaterThan(0);
    expect(breweries.every((c) => /brewing/i.test(c.name))).toBe(true);
    const roasters = await source.search(
      query({ text: 'coffee roasters', term: 'coffee roasters', industry: 'coffee roasters' }),
      {},
    );
    expect(roasters).toEqual([]);
    const whole = await source.search(query({ term: 'healthcare', wholeCategory: true }), {});
    expect(whole.length).toBeGreaterThanOrEqual(12);
  });

  it('looks up facts a listing lacked (re-enrichment) by domain or by name and city', async () => {
    const hidden = directory.listings.find((l) => l.employeeCount === null && l.hidden.employeeCount && l.domain)!;
    const facts = await source.lookup!({ name: 'whatever', domain: hidden.domain, city: null, state: null }, {});
    expect(facts?.employeeCount).toBe(hidden.hidden.employeeCount);
    const byName = await source.lookup!(
      { name: `The ${hidden.name}`, domain: null, city: hidden.city, state: null },
      {},
    );
    expect(byName?.employeeCount).toBe(hidden.hidden.employeeCount);
    expect(
      await source.lookup!({ name: 'Nobody Inc', domain: 'nobody.example', city: 'Buffalo', state: 'NY' }, {}),
    ).toBeUndefined();
  });
});
