import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import { foldTerm, matchIndustry } from '../../../src/pipeline/scout/industry.js';
import { defaultIndustryVocabulary, loadIndustryCategories } from '../../../src/pipeline/scout/vocabulary/index.js';
import { plural, singular } from '../../../src/pipeline/scout/vocabulary/morphology.js';
import { businessTypesFrom } from '../../../src/pipeline/scout/vocabulary/presets.js';

const vocabulary = defaultIndustryVocabulary();
const ctx = { vocabulary, categories: loadIndustryCategories(createDirectiveStore(resolve('directives'))) };
const ids = (phrase: string) => vocabulary.match(phrase).types.map((t) => t.id);

describe('morphology', () => {
  it('turns regular plurals into singulars and back', () => {
    const pairs = [
      ['breweries', 'brewery'],
      ['churches', 'church'],
      ['hospitals', 'hospital'],
      ['businesses', 'business'],
      ['boxes', 'box'],
    ];
    for (const [many, one] of pairs) {
      expect(singular(many!)).toBe(one);
      expect(plural(one!)).toBe(many);
    }
    expect(singular('campus')).toBe('campus');
    expect(singular('class')).toBe('class');
  });
});

describe('the presets vocabulary (@openstreetmap/id-tagging-schema)', () => {
  it('keeps organisations and drops what no one prospects', () => {
    const types = businessTypesFrom(
      {
        'craft/brewery': { tags: { craft: 'brewery' }, geometry: ['point', 'area'] },
        'highway/residential': { tags: { highway: 'residential' }, geometry: ['line'] },
        'shop/any': { tags: { shop: '*' } },
        'amenity/hidden': { tags: { amenity: 'hidden' }, searchable: false },
      },
      { 'craft/brewery': { name: 'Craft Brewery', terms: 'beer,brewpub' }, 'highway/residential': { name: 'Road' } },
    );
    expect(types).toEqual([
      { id: 'craft/brewery', name: 'Craft Brewery', terms: ['beer', 'brewpub'], tags: { craft: 'brewery' } },
    ]);
  });

  it('matches a term to the kind it names, not a neighbour', () => {
    expect(ids('breweries')).toEqual(['craft/brewery']);
    expect(ids('veterinary hospitals')).toEqual(['amenity/veterinary']);
    expect(ids('craft distilleries')).toEqual(['craft/distillery']);
    expect(ids('law firms')).toEqual(['office/lawyer']);
    expect(ids('daycare centers')).toEqual(['amenity/childcare']);
    expect(ids('Funeral Homes')).toEqual(['shop/funeral_directors']);
  });

  it('knows no kind for words it has never seen, and offers a broader head noun only as such', () => {
    expect(vocabulary.match('biotech startups').types).toEqual([]);
    const charter = vocabulary.match('charter schools');
    expect(charter.types).toEqual([]);
    expect(charter.broader.map((t) => t.tags)).toContainEqual({ education: 'school' });
  });

  it('offers neighbouring kinds for a question', () => {
    expect(vocabulary.near('real estate', 3).map((t) => t.name)).toContain('Real Estate Office');
  });
});

describe('matchIndustry', () => {
  it('keeps the user term and maps it separately to an ICP category, or to none', () => {
    expect(matchIndustry('veterinary hospitals', ctx)).toMatchObject({
      label: 'veterinary hospitals',
      category: 'veterinary',
      known: true,
      osmTags: ['amenity=veterinary'],
    });
    expect(matchIndustry('craft distilleries', ctx)).toMatchObject({
      category: 'food_processing',
      osmTags: ['craft=distillery'],
      isCategory: false,
    });
    expect(matchIndustry('real estate brokers', ctx)).toMatchObject({ category: 'property_management' });
    const biotech = matchIndustry('biotech startups', ctx);
    expect(biotech).toMatchObject({ key: 'biotech startups', label: 'biotech startups', known: false });
    expect(biotech.category).toBeUndefined();
  });

  it('treats a category named outright as the whole category', () => {
    expect(matchIndustry('healthcare companies', ctx)).toMatchObject({
      label: 'healthcare',
      category: 'healthcare',
      isCategory: true,
    });
    expect(matchIndustry('breweries', ctx)).toMatchObject({ category: 'food_processing', isCategory: false });
  });

  it('labels a broader search when the term has no tags of its own', () => {
    expect(matchIndustry('charter schools', ctx)).toMatchObject({
      category: 'education',
      osmTags: [],
      broader: { osmTags: ['education=school'] },
    });
  });

  it('folds the words without changing them', () => {
    expect(foldTerm('SaaS companies')).toBe('saas');
    expect(foldTerm('the hospitality industry')).toBe('hospitality');
    expect(foldTerm('law firms')).toBe('law firms');
  });
});
