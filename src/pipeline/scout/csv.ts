import { type CsvError, parse } from 'csv-parse/sync';
import { AppError } from '../../errors.js';
import { type IndustryTable, resolveIndustry } from './directive.js';
import { stateCode } from './location.js';
import { normalizeDomain, normalizeWebsite } from './normalize.js';
import type { CandidateCompany } from './ports.js';

type Field = keyof Omit<CandidateCompany, 'sources' | 'sourceRefs' | 'country' | 'latitude' | 'longitude'>;

/** Header names accepted for each field (compared without case, spaces, "_" or "-"). */
export const CSV_HEADERS: Record<Field, string[]> = {
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

export interface CsvParseResult {
  rows: CsvRow[];
  badRows: { line: number; problem: string }[];
}

const headerKey = (h: string) => h.toLowerCase().replace(/[\s_\-.#]/g, '');

/**
 * Reads a company CSV (header row first). Rows that cannot be used are reported by line number with the reason;
 * the others become candidates with source `csv`.
 * @throws AppError('invalid_input') when the header has no name column, or no industry column and no default.
 */
export function parseCompanyCsv(
  text: string,
  options: { fileName: string; industries: IndustryTable; defaultIndustry?: string },
): CsvParseResult {
  const badRows: CsvParseResult['badRows'] = [];
  const records = parse(text, {
    info: true,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined) => {
      badRows.push({
        line: Number(err?.lines ?? 0),
        problem: `not valid CSV (${err?.message.replace(/ at line \d+.*$/, '')})`,
      });
      return undefined;
    },
  } as never) as unknown as { record: string[]; info: { lines: number } }[];
  const [header, ...body] = records;
  if (!header)
    throw new AppError(
      'invalid_input',
      `${options.fileName} is empty: expected a header row such as name,city,state,website`,
    );
  const columns = header.record.map((h) =>
    (Object.keys(CSV_HEADERS) as Field[]).find((f) => CSV_HEADERS[f].includes(headerKey(h))),
  );
  if (!columns.includes('name'))
    throw new AppError(
      'invalid_input',
      `${options.fileName} has no name column (header: ${header.record.join(', ')}); accepted: name, company, business`,
    );
  if (!columns.includes('industry') && !options.defaultIndustry)
    throw new AppError('invalid_input', `${options.fileName} has no industry column; add one or give --industry`);
  const rows: CsvRow[] = [];
  for (const { record, info } of body) {
    const line = info.lines - record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
    const result = toCandidate(record, columns, options);
    if (typeof result === 'string') badRows.push({ line, problem: result });
    else rows.push({ line, company: { ...result, sourceRefs: { csv: `${options.fileName}:${line}` } } });
  }
  badRows.sort((a, b) => a.line - b.line);
  return { rows, badRows };
}

function toCandidate(
  record: string[],
  columns: (Field | undefined)[],
  options: { industries: IndustryTable; defaultIndustry?: string },
): CandidateCompany | string {
  const raw: Partial<Record<Field, string>> = {};
  columns.forEach((field, i) => {
    const value = record[i]?.trim();
    if (field && value && raw[field] === undefined) raw[field] = value;
  });
  if (record.length > columns.length) return `has ${record.length} fields but the header has ${columns.length}`;
  if (!raw.name) return 'name is empty';
  const industryText = raw.industry ?? options.defaultIndustry;
  if (!industryText) return 'industry is empty (add it or give --industry)';
  const state = raw.state ? stateCode(raw.state) : null;
  if (raw.state && !state) return `state "${raw.state}" is not a US state (use a code like NY or a name like New York)`;
  const numbers: Partial<Record<Field, number>> = {};
  for (const field of NUMERIC) {
    const text = raw[field]?.replace(/[,\s]/g, '');
    if (text === undefined) continue;
    if (!/^\d+$/.test(text) || Number(text) <= 0) return `${field} "${raw[field]}" is not a positive whole number`;
    numbers[field] = Number(text);
  }
  const website = raw.website ? normalizeWebsite(raw.website) : undefined;
  if (raw.website && !website) return `website "${raw.website}" is not a web address`;
  const domain = raw.domain ? normalizeDomain(raw.domain) : normalizeDomain(website);
  if (raw.domain && !domain) return `domain "${raw.domain}" is not a domain name`;
  return {
    name: raw.name,
    industry: resolveIndustry(industryText, options.industries).key,
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
