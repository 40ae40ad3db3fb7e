import { foldTerm } from '../../pipeline/scout/industry.js';
import { type Analysed, hasTag } from './analyse.js';
import type { Token } from './tokens.js';

/** Tags a word of an industry phrase may carry: the industry itself, or a noun like "firms", "shops", "industry". */
const PART_TAGS = ['industry.', 'noun.company'];

/** Token i could be part of the noun phrase naming an industry ("craft", "distilleries", "auto repair shops"). */
function phraseWord(a: Analysed, i: number, claimed: Set<number>, mixed: boolean): boolean {
  const placeNamed = claimed.size > 0;
  const t = a.tokens[i];
  if (t?.kind !== 'word' || claimed.has(i)) return false;
  const tags = [...a.tagsAt[i]!];
  if (tags.some((x) => PART_TAGS.some((p) => x.startsWith(p)))) return true;
  if (tags.length > 0 || a.lex.social.has(t.key) || a.lex.placeParts.has(t.key)) return false;
  // "near me", "around here": a preposition starts a place, even one no rule could read.
  if (a.lex.cities.has(t.key) || a.lex.units.has(t.key) || a.lex.prepositions.has(t.key)) return false;
  // In a mixed-case message a capitalised word is a name or a place ("Omaha"), unless it is an acronym ("SaaS") or
  // the place is already named elsewhere ("10 Montessori schools in Seattle").
  const acronym = /\p{Lu}/u.test(t.orig.slice(1));
  return !(mixed && t.capital && !acronym && !placeNamed);
}

/**
 * Widens an industry word to the whole noun phrase around it ("veterinary *hospitals*" → veterinary hospitals,
 * "*cold storage* companies" → cold storage companies); tokens in `claimed` (the place) are never taken.
 */
export function expandPhrase(a: Analysed, used: number[], claimed: Set<number>): number[] {
  const mixed = /\p{Ll}/u.test(a.norm.text) && /\p{Lu}/u.test(a.norm.text);
  let start = Math.min(...used);
  let end = Math.max(...used);
  while (start > 0 && phraseWord(a, start - 1, claimed, mixed)) start--;
  while (end < a.tokens.length - 1 && phraseWord(a, end + 1, claimed, mixed)) end++;
  return Array.from({ length: end - start + 1 }, (_v, j) => start + j);
}

/** The words of an industry phrase as a term: typo-corrected where corrected, lower case, generic heads dropped. */
export function termOf(tokens: Token[]): string {
  let out = '';
  for (const t of tokens) {
    const word = t.corrected ? t.key : t.orig.toLowerCase();
    out += t.glued ? `-${word}` : out === '' ? word : ` ${word}`;
  }
  return foldTerm(out);
}

/** Whether the industry phrase uses only generic nouns ("companies", "businesses"): no industry was named. */
export function onlyGeneric(a: Analysed, ids: number[]): boolean {
  return ids.every((i) => hasTag(a, i, 'noun.company') && !hasTag(a, i, 'industry.'));
}

const SECTOR_NOUNS = new Set(['industry', 'space', 'sector', 'vertical', 'market', 'field', 'business']);

/** "(companies) in the biotech space", "in the hospitality industry": the words before the sector noun. */
export function sectorPhrase(a: Analysed): { key: string; used: number[] } | undefined {
  for (let i = 0; i < a.tokens.length; i++) {
    if (a.keys[i] !== 'in') continue;
    let j = i + 1;
    if (a.keys[j] === 'the') j++;
    const from = j;
    while (j < a.tokens.length && a.tokens[j]!.kind === 'word' && !SECTOR_NOUNS.has(a.keys[j]!) && j - from < 4) j++;
    if (j === from || !SECTOR_NOUNS.has(a.keys[j] ?? '')) continue;
    const words = a.tokens.slice(from, j);
    if (words.some((_t, k) => [...a.tagsAt[from + k]!].some((x) => !x.startsWith('industry.') && x !== 'filler')))
      continue;
    return { key: termOf(words), used: Array.from({ length: j - i + 1 }, (_v, k) => i + k) };
  }
  return undefined;
}
