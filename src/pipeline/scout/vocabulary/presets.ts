import { createRequire } from 'node:module';
import { AppError } from '../../../errors.js';

/** One kind of place from the OpenStreetMap editor's presets: what it is called and how it is tagged. */
export interface BusinessType {
  /** The preset id ("craft/brewery"). */
  id: string;
  /** Its English name ("Craft Brewery"). */
  name: string;
  /** Other names people search for it by ("brewpub", "beer"), aliases included. */
  terms: string[];
  /** Its OpenStreetMap tags ({ craft: 'brewery' }). */
  tags: Record<string, string>;
}

interface RawPreset {
  tags?: Record<string, string>;
  geometry?: string[];
  searchable?: boolean;
}
interface RawTranslation {
  name?: string;
  terms?: string | string[];
  aliases?: string | string[];
}

/** Tag keys whose presets are organisations a salesperson could prospect (not roads, trees or benches). */
const BUSINESS_KEYS = new Set([
  'amenity',
  'shop',
  'craft',
  'office',
  'healthcare',
  'leisure',
  'tourism',
  'club',
  'industrial',
  'man_made',
  'social_facility',
  'education',
  'telecom',
]);

const split = (list: string | string[] | undefined) =>
  (Array.isArray(list) ? list : (list ?? '').split(/[,\n]/)).map((t) => t.trim()).filter((t) => t.length > 0);

/**
 * Turns the package's presets and English translations into business types: searchable presets for points or
 * areas whose main tag names a kind of organisation, with a concrete value (not `shop=*`).
 */
export function businessTypesFrom(
  presets: Record<string, RawPreset>,
  translations: Record<string, RawTranslation>,
): BusinessType[] {
  const out: BusinessType[] = [];
  for (const [id, p] of Object.entries(presets)) {
    const tags = p.tags ?? {};
    const [key, value] = Object.entries(tags)[0] ?? [];
    if (p.searchable === false || !key || !BUSINESS_KEYS.has(key) || !value || value === '*') continue;
    if (p.geometry && !p.geometry.some((g) => g === 'point' || g === 'area' || g === 'vertex')) continue;
    if (Object.values(tags).some((v) => v === '*')) continue;
    const t = translations[id];
    if (!t?.name) continue;
    out.push({ id, name: t.name, terms: [...split(t.terms), ...split(t.aliases)], tags: { ...tags } });
  }
  return out;
}

let cached: BusinessType[] | undefined;

/**
 * The business types of `@openstreetmap/id-tagging-schema` (read once per process from the installed package).
 * @throws AppError('invalid_config') when the package is missing or its files cannot be read.
 */
export function loadBusinessTypes(): BusinessType[] {
  if (cached) return cached;
  try {
    const require = createRequire(import.meta.url);
    const presets = require('@openstreetmap/id-tagging-schema/dist/presets.min.json') as Record<string, RawPreset>;
    const en = require('@openstreetmap/id-tagging-schema/dist/translations/en.min.json') as {
      en: { presets: { presets: Record<string, RawTranslation> } };
    };
    cached = businessTypesFrom(presets, en.en.presets.presets);
    return cached;
  } catch (cause) {
    throw new AppError(
      'invalid_config',
      `The OpenStreetMap presets (@openstreetmap/id-tagging-schema) cannot be read: ${(cause as Error).message}`,
      { cause },
    );
  }
}
