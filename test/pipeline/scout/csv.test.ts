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

  it('reports broken CSV and extra fields by line, saying what is accepted, and keeps the rest', () => {
    const { rows, badRows } = parse(
      'name,industry\nGood One,retail\nToo,many,fields\n"Bro"ken,retail\nGood Two,retail\n"Unclosed,retail\n',
    );
    expect(rows.map((r) => r.company.name)).toEqual(['Good One', 'Good Two']);
    expect(badRows.map((b) => [b.line, b.problem])).toEqual([
      [3, 'has 3 fields but the header has 2'],
      [4, 'has text after the closing quote of a quoted field (in the name column)'],
      [6, 'opens a quoted field that is not closed on this line (in the name column)'],
    ]);
    expect(badRows[0]!.accepted).toMatch(/at most 2 fields.*"Acme, Inc\."/);
    expect(badRows[1]!.accepted).toMatch(/inside them with any quote in it doubled \("Acme ""West"" Inc"\)/);
  });

  it('never lets a stray quote merge or swallow the rows after it', () => {
    const { rows, badRows } = parse(
      [
        'name,industry',
        '"Unclosed Dental,dentists',
        'Second Clinic,dentists',
        '"Quoted, Inc.",retail',
        'Acme "The Best" Plumbing,plumbers',
        'Last One,retail',
      ].join('\n'),
    );
    expect(rows.map((r) => [r.line, r.company.name])).toEqual([
      [3, 'Second Clinic'],
      [4, 'Quoted, Inc.'],
      [6, 'Last One'],
    ]);
    expect(badRows.map((b) => [b.line, b.problem])).toEqual([
      [2, 'opens a quoted field that is not closed on this line (in the name column)'],
      [5, 'has a double quote inside a field that does not start with one (in the name column)'],
    ]);
  });

  it('counts lines across CRLF, bare CR, blank lines and quoted line breaks', () => {
    const { rows, badRows } = parse(
      'name,industry\r\n\r\n"Two\r\nLines",retail\r\nNext,retail\rMixed,retail\n"bad"x,retail\r\nEnd,retail',
    );
    expect(rows.map((r) => [r.line, r.company.name])).toEqual([
      [3, 'Two\nLines'],
      [5, 'Next'],
      [6, 'Mixed'],
      [8, 'End'],
    ]);
    expect(badRows.map((b) => b.line)).toEqual([7]);
  });

  it('refuses a header with broken quoting, naming the line and what is accepted', () => {
    expect(() => parse('"name,industry\nAcme,retail\n')).toThrow(
      /^f\.csv line 1 \(the header\) opens a quoted field that is not closed on this line; accepted: a field either/,
    );
  });

  it('removes control characters and terminal escape sequences from every cell', () => {
    const { rows, badRows } = parse(
      'name,industry,state\n"\u001b[2J\u001b[31mEvil\u001b[0m Corp\u0007\u009b1m",retail,NY\nGood,retail,\u001b]0;pwned\u0007ZZ\n',
    );
    expect(rows[0]!.company.name).toBe('Evil Corp');
    expect(badRows).toEqual([
      { line: 3, problem: 'state "ZZ" is not a US state', accepted: 'a state code like NY or a name like New York' },
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
