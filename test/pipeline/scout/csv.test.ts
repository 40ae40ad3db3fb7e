import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import { parseCompanyCsv } from '../../../src/pipeline/scout/csv.js';
import { loadIndustryTable } from '../../../src/pipeline/scout/directive.js';

const industries = loadIndustryTable(createDirectiveStore(resolve('directives')));
const parse = (text: string, defaultIndustry?: string) =>
  parseCompanyCsv(text, { fileName: 'f.csv', industries, defaultIndustry });

describe('parseCompanyCsv', () => {
  it('maps header aliases, resolves industries and keeps the line of each row', () => {
    const { rows, badRows } = parse(
      '\ufeffBusiness,Sector,Town,ST,URL,Headcount,Locations,Building Size\n' +
        '"Acme, Inc.",factories,Buffalo,New York,acme.example,"1,200",3,80000\n' +
        '"Multi\nLine Co",hotels,Austin,TX,,,,\n' +
        'Tiny Gym,gyms,Denver,CO\n',
    );
    expect(badRows).toEqual([]);
    expect(rows.map((r) => [r.line, r.company.name, r.company.industry, r.company.state])).toEqual([
      [2, 'Acme, Inc.', 'manufacturing', 'NY'],
      [3, 'Multi\nLine Co', 'hospitality', 'TX'],
      [5, 'Tiny Gym', 'fitness', 'CO'],
    ]);
    expect(rows[0]!.company).toMatchObject({
      website: 'https://acme.example',
      domain: 'acme.example',
      employeeCount: 1200,
      siteCount: 3,
      buildingSqft: 80000,
      sources: ['csv'],
      sourceRefs: { csv: 'f.csv:2' },
    });
  });

  it('reports broken CSV and extra fields by line and keeps the rest', () => {
    const { rows, badRows } = parse(
      'name,industry\nGood One,retail\nToo,many,fields\n"Bro"ken,retail\nGood Two,retail\n"Unclosed,retail\n',
    );
    expect(rows.map((r) => r.company.name)).toEqual(['Good One', '"Bro"ken', 'Good Two']);
    expect(badRows).toEqual([
      { line: 3, problem: 'has 3 fields but the header has 2' },
      { line: 6, problem: 'not valid CSV (Quote Not Closed: the parsing is finished with an opening quote)' },
    ]);
  });

  it('uses the default industry for rows without one, and needs one somewhere', () => {
    expect(parse('name\nAcme\n', 'law firms').rows[0]!.company.industry).toBe('legal');
    const err = (() => {
      try {
        parse('name\nAcme\n');
      } catch (e) {
        return e;
      }
    })();
    expect(isAppError(err, 'invalid_input') && (err as Error).message).toBe(
      'f.csv has no industry column; add one or give --industry',
    );
    expect(() => parse('')).toThrow('f.csv is empty');
  });
});
