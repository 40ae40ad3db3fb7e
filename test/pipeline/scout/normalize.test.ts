import { describe, expect, it } from 'vitest';
import { describeLocation, inLocation, parseLocation, parseUsAddress } from '../../../src/pipeline/scout/location.js';
import { normalizeDomain, normalizeName, normalizeWebsite } from '../../../src/pipeline/scout/normalize.js';
import { jaroWinkler, softTokenJaccard } from '../../../src/pipeline/scout/similarity.js';

describe('normalizeName', () => {
  it('casefolds and strips legal suffixes, "the", "&" and punctuation', () => {
    expect(normalizeName('The Lakeview Family Health, Inc.')).toBe('lakeview family health');
    expect(normalizeName('LAKEVIEW FAMILY HEALTH LLC')).toBe('lakeview family health');
    expect(normalizeName('Harrington & Cole LLP')).toBe('harrington cole');
    expect(normalizeName('Harrington and Cole, L.L.P.')).toBe('harrington cole');
    expect(normalizeName('Acme Co.')).toBe('acme');
    expect(normalizeName("Caruso's Café Corp")).toBe('carusos cafe');
  });

  it('keeps a name made only of stop words readable', () => {
    expect(normalizeName('The Company')).toBe('the company');
  });
});

describe('normalizeDomain / normalizeWebsite', () => {
  it('reduces any website to its registrable domain', () => {
    expect(normalizeDomain('https://www.Lakeview-Health.example/about?x=1')).toBe('lakeview-health.example');
    expect(normalizeDomain('www.clinic.example')).toBe('clinic.example');
    expect(normalizeDomain('http://shop.bar.co.uk')).toBe('bar.co.uk');
    expect(normalizeDomain('CLINIC.EXAMPLE')).toBe('clinic.example');
  });

  it('rejects what is not a public hostname', () => {
    expect(normalizeDomain('not a url')).toBeUndefined();
    expect(normalizeDomain('http://192.168.0.1')).toBeUndefined();
    expect(normalizeDomain('localhost')).toBeUndefined();
    expect(normalizeDomain('')).toBeUndefined();
    expect(normalizeWebsite('mailto:a@b.example')).toBeUndefined();
  });

  it('gives websites a scheme and drops a bare trailing slash', () => {
    expect(normalizeWebsite('www.clinic.example')).toBe('https://www.clinic.example');
    expect(normalizeWebsite('http://clinic.example/')).toBe('http://clinic.example');
    expect(normalizeWebsite('https://clinic.example/buffalo')).toBe('https://clinic.example/buffalo');
  });
});

describe('similarity', () => {
  it('jaro-winkler scores typos high and different words low', () => {
    expect(jaroWinkler('family', 'family')).toBe(1);
    expect(jaroWinkler('family', 'fmaily')).toBeGreaterThan(0.9);
    expect(jaroWinkler('health', 'dental')).toBeLessThan(0.8);
    expect(jaroWinkler('', 'x')).toBe(0);
  });

  it('soft token Jaccard tolerates a typo but not a different word', () => {
    expect(softTokenJaccard(['lakeview', 'family', 'health'], ['lakeview', 'fmaily', 'health'])).toBe(1);
    expect(softTokenJaccard(['buffalo', 'family', 'health'], ['buffalo', 'family', 'dental'])).toBe(0.5);
    expect(softTokenJaccard(['summit', 'dental'], ['summit', 'dental', 'arts'])).toBeCloseTo(2 / 3);
  });
});

describe('parseLocation', () => {
  it('reads city and state in the usual shapes', () => {
    expect(parseLocation('Buffalo, NY')).toMatchObject({ city: 'Buffalo', state: 'NY' });
    expect(parseLocation('buffalo ny')).toMatchObject({ city: 'Buffalo', state: 'NY' });
    expect(parseLocation('Buffalo, New York, USA')).toMatchObject({ city: 'Buffalo', state: 'NY' });
    expect(parseLocation('st louis, mo')).toMatchObject({ city: 'St. Louis', state: 'MO' });
    expect(parseLocation('Kansas City')).toMatchObject({ city: 'Kansas City', state: null });
  });

  it('reads a state alone', () => {
    expect(parseLocation('TX')).toMatchObject({ city: null, state: 'TX' });
    expect(parseLocation('Texas')).toMatchObject({ city: null, state: 'TX' });
  });

  it('refuses what is not a place', () => {
    expect(parseLocation('')).toBeUndefined();
    expect(parseLocation('12345')).toBeUndefined();
    expect(parseLocation('Buffalo, ZZ')).toBeUndefined();
    expect(parseLocation('<script>')).toBeUndefined();
  });

  it('describes and matches locations', () => {
    expect(describeLocation({ city: 'Buffalo', state: 'NY', text: 'buffalo' })).toBe('Buffalo, NY');
    expect(inLocation({ city: 'Buffalo', state: 'NY' }, { city: 'buffalo', state: 'NY' })).toBe(true);
    expect(inLocation({ city: 'Amherst', state: 'NY' }, { city: 'Buffalo', state: 'NY' })).toBe(false);
    expect(inLocation({ city: 'Austin', state: 'TX' }, { city: null, state: 'NY' })).toBe(false);
    expect(inLocation({ city: null, state: null }, { city: 'Buffalo', state: 'NY' })).toBe(true);
  });
});

describe('parseUsAddress', () => {
  it('splits a one-line US address', () => {
    expect(parseUsAddress('120 Elmwood Ave, Buffalo, NY 14201')).toEqual({
      street: '120 Elmwood Ave',
      city: 'Buffalo',
      state: 'NY',
      postalCode: '14201',
    });
    expect(parseUsAddress('Suite 4, 9 Main St, Austin, Texas, United States')).toMatchObject({
      street: 'Suite 4, 9 Main St',
      city: 'Austin',
      state: 'TX',
    });
  });

  it('keeps an address it cannot split as the street', () => {
    expect(parseUsAddress('Somewhere in the hills')).toMatchObject({ street: 'Somewhere in the hills', state: null });
    expect(parseUsAddress(undefined)).toMatchObject({ street: null });
  });
});
