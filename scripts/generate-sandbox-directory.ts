/**
 * Writes the sandbox Scout directory: fictional companies in every (industry, city) pair, on `.example` domains,
 * with 555 phone numbers, some fields missing as in real listings and a few near-duplicate listings that dedupe
 * must merge. Deterministic: the same seed always writes the same file.
 *
 *   npx tsx scripts/generate-sandbox-directory.ts [--seed 20261125] [--out src/providers/scout/sandbox/directory.json.gz]
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import {
  CITIES,
  type CitySpec,
  GENERIC_PLACES,
  INDUSTRIES,
  type IndustrySpec,
  STREET_TYPES,
  STREETS,
  SURNAMES,
} from './sandbox-vocabulary.js';

export const DIRECTORY_COLUMNS = [
  'ref',
  'name',
  'industry',
  'city',
  'address',
  'postalCode',
  'website',
  'phone',
  'employeeCount',
  'siteCount',
  'buildingSqft',
  'hidden',
  'kind',
] as const;

type Row = (string | number | null | (number | null)[])[];

/** mulberry32: a small, well-distributed 32-bit PRNG. */
export function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const chance = (p: number) => next() < p;
  const normal = () => {
    const u = Math.max(next(), 1e-9);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  return { next, int, pick, chance, normal };
}
type Random = ReturnType<typeof createRandom>;

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/'/g, '')
    .replace(/\b(inc|llc|pllc|llp|pc|dds|co|corp|the)\b\.?/g, '')
    .replace(/[^a-z0-9]+/g, '');

/**
 * The kind of business a name pattern makes (its sub-industry): the label after "|" when the pattern has one
 * ("{P} Brewing Company|brewery"), else the pattern's own words ("{P} Charter School" → "charter school").
 */
export function kindOf(pattern: string): string {
  const [words = '', label] = pattern.split('|');
  if (label) return label.trim();
  return words
    .replace(/\{\w+\}(?:'s)?/g, ' ')
    .replace(/&/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

function companyName(r: Random, industry: IndustrySpec, city: CitySpec): { name: string; kind: string } {
  const place = r.chance(0.45) ? r.pick(city.places) : r.pick(GENERIC_PLACES);
  const [s1, s2, s3] = [r.pick(SURNAMES), r.pick(SURNAMES), r.pick(SURNAMES)];
  const pattern = r.pick(industry.patterns);
  const base = pattern
    .split('|')[0]!
    .replace('{P}', place)
    .replace('{S}', s1)
    .replace('{S2}', s2 === s1 ? r.pick(SURNAMES) : s2)
    .replace('{S3}', s3);
  return { name: `${base}${r.pick(industry.suffixes)}`, kind: kindOf(pattern) };
}

function domainFor(r: Random, name: string, city: CitySpec, used: Set<string>): string {
  let label = slug(name);
  if (label.length > 24 && r.chance(0.5)) {
    const words = name.replace(/&/g, ' ').split(/\s+/).filter(Boolean);
    label = words.map((w) => w[0]!.toLowerCase()).join('') + slug(words.at(-1)!);
  }
  let domain = `${label}.example`;
  if (used.has(domain)) domain = `${label}${slug(city.city)}.example`;
  for (let n = 2; used.has(domain); n++) domain = `${label}${n}.example`;
  used.add(domain);
  return domain;
}

function website(r: Random, domain: string): string {
  const roll = r.next();
  if (roll < 0.55) return `https://www.${domain}`;
  if (roll < 0.8) return `https://${domain}`;
  if (roll < 0.92) return `http://www.${domain}/`;
  return `www.${domain}`;
}

function phone(r: Random, area: string): string {
  const line = String(r.int(100, 199)).padStart(4, '0');
  const formats = [`(${area}) 555-${line}`, `${area}-555-${line}`, `+1 ${area} 555 ${line}`, `${area}.555.${line}`];
  return r.pick(formats);
}

function address(r: Random): string {
  const street = `${r.int(10, 9899)} ${r.pick(STREETS)} ${r.pick(STREET_TYPES)}`;
  return r.chance(0.18) ? `${street}, Suite ${r.int(1, 9)}${r.pick(['00', '10', '20', '50'])}` : street;
}

function facts(r: Random, industry: IndustrySpec) {
  const [median, spread] = industry.employees;
  const employees = Math.max(2, Math.round(median * spread ** (r.normal() * 0.9)));
  const [single, maxSites] = industry.sites;
  const sites = r.chance(single) ? 1 : Math.min(maxSites, 2 + Math.floor(r.next() ** 2.2 * (maxSites - 1)));
  const [perEmployee, minSite, maxSite] = industry.sqft;
  const perSite = (employees / sites) * perEmployee * 1.35 ** r.normal();
  const sqft = Math.round(Math.min(maxSite, Math.max(minSite, perSite)) / 100) * 100;
  return { employees, sites, sqft };
}

/** A listing of the same company as it appears in another directory: same place, slightly different text. */
function nearDuplicate(r: Random, row: Row): Row {
  const copy = [...row];
  const name = String(row[1]);
  const variants = [
    () => `${name.replace(/,? (Inc\.|LLC|PC|PLLC|Corp\.|Co\.)$/, '')}, Inc.`,
    () => (name.startsWith('The ') ? name.slice(4) : `The ${name}`),
    () => (name.includes('&') ? name.replace('&', 'and') : `${name} LLC`),
    () => name.toUpperCase(),
    () => {
      const i = Math.max(2, Math.floor(name.length / 2));
      return `${name.slice(0, i)}${name[i + 1] ?? ''}${name[i] ?? ''}${name.slice(i + 2)}`;
    },
  ];
  copy[0] = `${row[0]}d`;
  copy[1] = r.pick(variants)();
  if (r.chance(0.35)) copy[6] = null;
  else if (typeof copy[6] === 'string') copy[6] = copy[6].includes('www.') ? copy[6].replace('www.', '') : copy[6];
  if (r.chance(0.5)) copy[7] = null;
  if (r.chance(0.5)) copy[8] = null;
  if (r.chance(0.4)) copy[10] = null;
  copy[11] = null;
  return copy;
}

/** Generates every listing; returns the directory document. */
export function generateDirectory(seed: number) {
  const r = createRandom(seed);
  const used = new Set<string>();
  const rows: Row[] = [];
  const kinds: string[] = [];
  const kindIndex = (kind: string) => {
    if (!kinds.includes(kind)) kinds.push(kind);
    return kinds.indexOf(kind);
  };
  let n = 0;
  CITIES.forEach((city, cityIndex) => {
    INDUSTRIES.forEach((industry, industryIndex) => {
      const count = r.int(city.density[0], city.density[1]);
      const names = new Set<string>();
      for (let i = 0; i < count; i++) {
        let { name, kind } = companyName(r, industry, city);
        while (names.has(slug(name))) ({ name, kind } = companyName(r, industry, city));
        names.add(slug(name));
        const domain = domainFor(r, name, city, used);
        const f = facts(r, industry);
        const missing = { emp: r.chance(0.14), sites: r.chance(0.16), sqft: r.chance(0.22) };
        const hidden = [
          missing.emp && r.chance(0.6) ? f.employees : null,
          missing.sites && r.chance(0.6) ? f.sites : null,
          missing.sqft && r.chance(0.5) ? f.sqft : null,
        ];
        const row: Row = [
          `sbx-${String(++n).padStart(5, '0')}`,
          name,
          industryIndex,
          cityIndex,
          r.chance(0.04) ? null : address(r),
          r.chance(0.05) ? null : `${city.zip}${String(r.int(1, 99)).padStart(2, '0')}`,
          r.chance(0.08) ? null : website(r, domain),
          r.chance(0.06) ? null : phone(r, city.area),
          missing.emp ? null : f.employees,
          missing.sites ? null : f.sites,
          missing.sqft ? null : f.sqft,
          hidden.some((v) => v !== null) ? hidden : null,
          kindIndex(kind),
        ];
        rows.push(row);
        if (r.chance(0.12)) rows.push(nearDuplicate(r, row));
      }
    });
  });
  return {
    about: 'Fictional companies for leadbot sandbox mode. Generated by scripts/generate-sandbox-directory.ts.',
    seed,
    columns: DIRECTORY_COLUMNS,
    industries: INDUSTRIES.map((i) => i.key),
    kinds,
    cities: CITIES.map((c) => ({ city: c.city, state: c.state })),
    rows,
  };
}

const isMain = process.argv[1]?.endsWith('generate-sandbox-directory.ts');
if (isMain) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const seed = Number(arg('--seed') ?? 20261125);
  const out = arg('--out') ?? 'src/providers/scout/sandbox/directory.json.gz';
  const directory = generateDirectory(seed);
  const json = JSON.stringify(directory);
  writeFileSync(out, out.endsWith('.gz') ? gzipSync(json, { level: 9 }) : json);
  console.log(
    `wrote ${directory.rows.length} listings (${directory.industries.length} industries × ${directory.cities.length} cities), ${(json.length / 1024).toFixed(0)} KB JSON → ${out}`,
  );
}
