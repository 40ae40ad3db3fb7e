import { AppError } from '../../errors.js';
import { stripControlCharacters } from './control-characters.js';
import { type CsvProblem, readCsvRecords } from './csv-records.js';
import { type IndustryTable, resolveIndustry } from './directive.js';
import { stateCode } from './location.js';
import { normalizeDomain, normalizeSite } from './normalize.js';
import type { CandidateCompany } from './ports.js';

type Field = keyof Omit<CandidateCompany, 'sources' | 'sourceRefs' | 'country' | 'latitude' | 'longitude'>;

/** Header names accepted for each field (compared without case, spaces, "_" or "-"). */
const CSV_HEADERS: Record<Field, string[]> = {
  name: ['name', 'company', 'companyname', 'business', 'businessname', 'organization', 'organisation'],
  industry: ['industry', 'category', 'sector', 'vertical'],
  website: ['website', 'url', 'web', 'site', 'homepage'],
  domain: ['domain'],
  address: ['address', 'street', 'address1', 'streetaddress'],
  city: ['city', 'town'],
  state: ['state', 'st', 'province', 'region'],
  postalCode: ['zip', 'zipcode', 'postalcode', 'postcode'],
  phone: ['phone', 'telephone', 'phonenumber', 'tel'],
  employeeCount: ['employees', 'employeecount', 'headcount', 'numemployees', 'staff'],
  siteCount: ['sites', 'sitecount', 'locations', 'locationcount'],
  buildingSqft: ['sqft', 'buildingsqft', 'squarefeet', 'buildingsize', 'buildingsquarefeet'],
};

const NUMERIC: Field[] = ['employeeCount', 'siteCount', 'buildingSqft'];

export interface CsvRow {
  line: number;
  company: CandidateCompany;
}

/** A row left out: its line, what is wrong and what would be accepted. */
export interface CsvBadRow {
  line: number;
  problem: string;
  accepted: string;
}

export interface CsvParseResult {
  rows: CsvRow[];
  badRows: CsvBadRow[];
}

const headerKey = (h: string) => h.toLowerCase().replace(/[\s_\-.#]/g, '');

export interface CsvOptions {
  fileName: string;
  industries: IndustryTable;
  defaultIndustry?: string;
}

/** The field each column of a file holds (undefined for columns leadbot does not read), from its header row. */
export type CsvColumns = (Field | undefined)[];

/**
 * Maps a header row (control characters already removed) to fields.
 * @throws AppError('invalid_input') when there is no name column, or no industry column and no default.
 */
export function csvColumns(header: string[], options: CsvOptions): CsvColumns {
  const columns = header.map((h) =>
    (Object.keys(CSV_HEADERS) as Field[]).find((f) => CSV_HEADERS[f].includes(headerKey(h))),
  );
  if (!columns.includes('name'))
    throw new AppError(
      'invalid_input',
      `${options.fileName} has no name column (header: ${header.join(', ')}); accepted: name, company, business`,
    );
  if (!columns.includes('industry') && !options.defaultIndustry)
    throw new AppError('invalid_input', `${options.fileName} has no industry column; add one or give --industry`);
  return columns;
}

/** The header's problem when the file's first item is an unreadable line, as the error to throw. */
export function headerError(options: CsvOptions, p: CsvProblem): AppError {
  return new AppError(
    'invalid_input',
    `${options.fileName} line ${p.line} (the header) ${p.problem}; accepted: ${p.accepted}`,
  );
}

/** An empty file, as the error to throw. */
export const emptyFileError = (options: CsvOptions) =>
  new AppError('invalid_input', `${options.fileName} is empty: expected a header row such as name,city,state,website`);

/**
 * One data row as a candidate with source `csv` (control characters removed from every cell), or what is wrong with
 * it and what would be accepted. `resolve` maps the industry cell (the import caches it).
 */
export function csvCandidate(
  line: number,
  cells: string[],
  columns: CsvColumns,
  options: CsvOptions & { resolve?: (text: string) => string },
): CsvRow | CsvBadRow {
  const result = toCandidate(cells.map(stripControlCharacters), columns, options);
  if ('problem' in result) return { line, ...result };
  return { line, company: { ...result, sourceRefs: { csv: `${options.fileName}:${line}` } } };
}

/** A problem csv-records found, as a bad row (naming the column when known). */
export function csvProblemRow(p: CsvProblem, header: string[]): CsvBadRow {
  const column = p.field === undefined ? undefined : header[p.field];
  return { line: p.line, problem: column ? `${p.problem} (in the ${column} column)` : p.problem, accepted: p.accepted };
}

/**
 * Reads a company CSV (header row first) with strict quoting. Rows that cannot be used are reported by line number
 * with what is wrong and what is accepted; the others become candidates with source `csv`. A stray quote costs only
 * its own line. Control characters and terminal escape sequences are removed from every cell.
 * @throws AppError('invalid_input') when the header has no name column, or no industry column and no default.
 */
export function parseCompanyCsv(text: string, options: CsvOptions): CsvParseResult {
  const read = readCsvRecords(text);
  const header = read.records[0];
  const headerProblem = read.problems.find((p) => !header || p.line < header.line);
  if (headerProblem) throw headerError(options, headerProblem);
  if (!header) throw emptyFileError(options);
  const headerFields = header.fields.map(stripControlCharacters);
  const columns = csvColumns(headerFields, options);
  const badRows: CsvBadRow[] = read.problems.map((p) => csvProblemRow(p, headerFields));
  const rows: CsvRow[] = [];
  for (const { line, fields } of read.records.slice(1)) {
    const row = csvCandidate(line, fields, columns, options);
    if ('problem' in row) badRows.push(row);
    else rows.push(row);
  }
  badRows.sort((a, b) => a.line - b.line);
  return { rows, badRows };
}

type RowProblem = { problem: string; accepted: string };
const wrong = (problem: string, accepted: string): RowProblem => ({ problem, accepted });

function toCandidate(
  record: string[],
  columns: CsvColumns,
  options: { industries: IndustryTable; defaultIndustry?: string; resolve?: (text: string) => string },
): CandidateCompany | RowProblem {
  const raw: Partial<Record<Field, string>> = {};
  columns.forEach((field, i) => {
    const value = record[i]?.trim();
    if (field && value && raw[field] === undefined) raw[field] = value;
  });
  if (record.length > columns.length)
    return wrong(
      `has ${record.length} fields but the header has ${columns.length}`,
      `at most ${columns.length} fields, as in the header; a value with a comma goes in double quotes ("Acme, Inc.")`,
    );
  if (!raw.name) return wrong('name is empty', 'a company name');
  const industryText = raw.industry ?? options.defaultIndustry;
  if (!industryText) return wrong('industry is empty', 'an industry such as "dentists", or --industry for every row');
  const state = raw.state ? stateCode(raw.state) : null;
  if (raw.state && !state)
    return wrong(`state "${raw.state}" is not a US state`, 'a state code like NY or a name like New York');
  const numbers: Partial<Record<Field, number>> = {};
  for (const field of NUMERIC) {
    const text = raw[field]?.replace(/[,\s]/g, '');
    if (text === undefined) continue;
    if (!/^\d+$/.test(text) || Number(text) <= 0)
      return wrong(
        `${field} "${raw[field]}" is not a positive whole number`,
        'a whole number above 0, e.g. 120 or 1,200',
      );
    numbers[field] = Number(text);
  }
  const site = raw.website ? normalizeSite(raw.website) : undefined;
  const website = site?.website;
  if (raw.website && !website)
    return wrong(
      `website "${raw.website}" is not a web address`,
      'a web address like acme.example or https://acme.example',
    );
  const domain = raw.domain ? normalizeDomain(raw.domain) : site?.domain;
  if (raw.domain && !domain) return wrong(`domain "${raw.domain}" is not a domain name`, 'a domain like acme.example');
  return {
    name: raw.name,
    industry: options.resolve ? options.resolve(industryText) : resolveIndustry(industryText, options.industries).key,
    website: website ?? null,
    domain: domain ?? null,
    address: raw.address ?? null,
    city: raw.city ?? null,
    state: state ?? null,
    postalCode: raw.postalCode ?? null,
    country: 'US',
    phone: raw.phone ?? null,
    employeeCount: numbers.employeeCount ?? null,
    siteCount: numbers.siteCount ?? null,
    buildingSqft: numbers.buildingSqft ?? null,
    latitude: null,
    longitude: null,
    sources: ['csv'],
    sourceRefs: {},
  };
}
