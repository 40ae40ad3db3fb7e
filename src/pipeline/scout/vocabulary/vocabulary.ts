import { matchKey, singular, words } from './morphology.js';
import type { BusinessType } from './presets.js';

/** Words that say "an organisation" without saying which kind: dropped from a term's meaning. */
export const GENERIC_HEADS = new Set([
  'company',
  'business',
  'organization',
  'organisation',
  'org',
  'co',
  'cos',
  'enterprise',
  'outfit',
  'establishment',
  'entity',
  'industry',
  'sector',
  'vertical',
]);

/** Heads that say what kind of premises or seller, interchangeable between names ("law firm" ~ "Law Office"). */
const BUSINESS_NOUNS = new Set([
  ...GENERIC_HEADS,
  'firm',
  'office',
  'shop',
  'store',
  'center',
  'centre',
  'facility',
  'studio',
  'practice',
  'agency',
  'agent',
  'broker',
  'provider',
  'service',
  'contractor',
  'place',
  'house',
  'outlet',
  'workshop',
  'workplace',
  'group',
]);

export interface TypeMatch {
  /** The business types the phrase names, best first (ties kept); empty when none fits closely enough. */
  types: BusinessType[];
  /** Types named by the phrase's head noun alone ("charter schools" → School): a broader reading. */
  broader: BusinessType[];
}

/** The open vocabulary of kinds of business: names, search terms and tags from the OpenStreetMap presets. */
export interface IndustryVocabulary {
  types: readonly BusinessType[];
  /** Every word (singular) of a name, search term or tag value. */
  words: ReadonlySet<string>;
  /** Which business types a phrase names ("veterinary hospitals" → Veterinary). */
  match(phrase: string): TypeMatch;
  /** Business types that share words with the phrase, closest first (for a clarifying question). */
  near(phrase: string, limit?: number): BusinessType[];
}

/** The phrase's words, singular, without generic heads ("Craft Breweries companies" → ["craft", "brewery"]). */
export function contentWords(phrase: string): string[] {
  const all = words(phrase).map(singular);
  const kept = all.filter((w) => !GENERIC_HEADS.has(w));
  return kept.length > 0 ? kept : all;
}

interface Indexed {
  t: BusinessType;
  /** Names ("/" alternatives split), search terms and tag values, as match keys. */
  names: string[];
  terms: string[];
  values: string[];
  words: Set<string>;
}

function index(t: BusinessType): Indexed {
  const names = t.name.split('/').map(matchKey).filter(Boolean);
  const terms = t.terms.map(matchKey).filter(Boolean);
  const values = Object.values(t.tags).map((v) => matchKey(v.replace(/_/g, ' ')));
  const ws = new Set([...names, ...terms, ...values, ...Object.keys(t.tags)].flatMap((p) => p.split(' ')));
  return { t, names, terms, values, words: ws };
}

const head = (key: string) => key.slice(key.lastIndexOf(' ') + 1);

/**
 * How closely a type fits the phrase's words `u` (singular, generic heads dropped), in tiers: its tag value is the
 * phrase (100), a name is (60), a search term is (40), or one of its phrases has the same head (or an
 * interchangeable business noun) and its words cover every modifier (20); plus shared words as a tie-breaker.
 */
function fitScore(x: Indexed, u: string[]): number {
  const phrase = u.join(' ');
  const h = u[u.length - 1]!;
  const mods = u.slice(0, -1);
  let tier = 0;
  if (x.values[0] === phrase) tier = 100;
  else if (x.names.includes(phrase)) tier = 60;
  else if (x.terms.includes(phrase)) tier = 40;
  else {
    const heads = [...x.names, ...x.terms, ...x.values].map(head);
    const sameHead = heads.includes(h) || (BUSINESS_NOUNS.has(h) && heads.some((p) => BUSINESS_NOUNS.has(p)));
    if (sameHead && mods.length > 0 && mods.every((m) => x.words.has(m))) tier = 20;
    else if (sameHead && mods.length === 0 && !BUSINESS_NOUNS.has(h) && x.names.map(head).includes(h)) tier = 20;
  }
  const shared = u.reduce((n, w, i) => n + (x.words.has(w) ? (i === u.length - 1 ? 2 : 1) : 0), 0);
  return tier + shared;
}

function best(all: Indexed[], u: string[]): BusinessType[] {
  if (u.length === 0) return [];
  const scored = all.map((x) => ({ t: x.t, s: fitScore(x, u) })).filter((x) => x.s >= 20);
  const top = Math.max(...scored.map((x) => x.s));
  return scored.filter((x) => x.s === top).map((x) => x.t);
}

/** Builds the vocabulary's indexes once. */
export function createIndustryVocabulary(types: readonly BusinessType[]): IndustryVocabulary {
  const all = types.map(index);
  const vocabulary = new Set(all.flatMap((x) => [...x.words]));
  return {
    types,
    words: vocabulary,
    match(phrase) {
      const u = contentWords(phrase);
      let found = best(all, u);
      // "daycare centers", "self storage facilities": the business noun adds nothing the term does not say.
      if (found.length === 0 && u.length > 1 && BUSINESS_NOUNS.has(u[u.length - 1]!)) found = best(all, u.slice(0, -1));
      const broader = u.length > 1 ? best(all, u.slice(-1)) : [];
      return { types: found, broader: found.length > 0 ? [] : broader };
    },
    near(phrase, limit = 3) {
      const u = contentWords(phrase);
      const seen = new Set<string>();
      const out: BusinessType[] = [];
      const ranked = all
        .map((x) => ({ x, s: fitScore(x, u) }))
        .filter((r) => r.s > 0)
        .sort((a, b) => b.s - a.s);
      for (const { x } of ranked) {
        const k = x.names[0] ?? '';
        if (seen.has(k)) continue;
        seen.add(k);
        out.push(x.t);
        if (out.length === limit) break;
      }
      return out;
    },
  };
}
