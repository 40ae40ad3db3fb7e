import { foldTerm } from '../../pipeline/scout/industry.js';
import { singular } from '../../pipeline/scout/vocabulary/morphology.js';
import { type Analysed, firstContent, hasTag } from './analyse.js';
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
  // "*day* care centres": a word that could be chat or a unit starts a kind of business the vocabulary knows.
  if (tags.length === 0 && knownCompound(a, i) && !claimed.has(i + 1)) return true;
  if (tags.length > 0 || a.lex.social.has(t.key) || a.lex.placeParts.has(t.key)) return false;
  // "near me", "around here": a preposition starts a place, even one no rule could read.
  if (a.lex.cities.has(t.key) || a.lex.units.has(t.key) || a.lex.prepositions.has(t.key)) return false;
  // In a mixed-case message a capitalised word is a name or a place ("Omaha"), unless it is an acronym ("SaaS") or
  // the place is already named elsewhere ("10 Montessori schools in Seattle").
  const acronym = /\p{Lu}/u.test(t.orig.slice(1));
  return !(mixed && t.capital && !acronym && !placeNamed);
}

const compounds = new WeakMap<object, Set<string>>();

/** Consecutive word pairs (singular) of the vocabulary's names and search terms: "day care", "oil change". */
function vocabularyPairs(a: Analysed): Set<string> {
  const v = a.lex.vocabulary;
  let pairs = compounds.get(v);
  if (!pairs) {
    pairs = new Set();
    for (const t of v.types) {
      for (const phrase of [...t.name.split('/'), ...t.terms]) {
        const ws = phrase
          .toLowerCase()
          .split(/[^\p{L}\p{N}]+/u)
          .filter(Boolean)
          .map(singular);
        for (let i = 0; i + 1 < ws.length; i++) pairs.add(`${ws[i]} ${ws[i + 1]}`);
      }
    }
    compounds.set(v, pairs);
  }
  return pairs;
}

/**
 * Token i and the next word name a kind of business together in the vocabulary ("*day* care centres"): a word that
 * could be a unit ("10 day …") is then the start of the industry, and the number before it a count.
 */
export function knownCompound(a: Analysed, i: number): boolean {
  const next = a.tokens[i + 1];
  if (a.tokens[i]?.kind !== 'word' || next?.kind !== 'word') return false;
  return vocabularyPairs(a).has(`${singular(a.keys[i]!)} ${singular(next.key)}`);
}

/** Words after which a noun phrase starts ("find *the* call centers", "win rates *for* auto body shops"). */
const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'some',
  'any',
  'all',
  'more',
  'few',
  'several',
  'these',
  'those',
  'of',
  'for',
  'among',
]);

/**
 * Token i is a word of the `reasoning` list used as a noun inside the industry's noun phrase, modifying the words
 * after it: "*call* centers", "*auto* body shops", "*deck* builders". It must be a single reasoning word and not a
 * qualifier (a word that describes the companies themselves — "best", "large", "replied": those stay reasoning),
 * and the phrase must open where a noun phrase can: after a count, a search or list verb, a determiner or
 * "for"/"among" (after any other word it is left alone: "local call centers" is not read). As the message's first
 * word (where a reasoning word is usually a verb: "call Acme", "schedule …") it counts only when the vocabulary of
 * kinds of business uses the word and another noun stands between it and the head ("auto parts stores", not
 * "call dentists"). `head` is the last token of the phrase.
 */
export function nounModifier(a: Analysed, i: number, head: number, claimed: Set<number>): boolean {
  const t = a.tokens[i];
  if (t?.kind !== 'word' || claimed.has(i) || i >= head) return false;
  const tags = a.tagsAt[i]!;
  if (tags.size !== 1 || !tags.has('trap.reasoning')) return false;
  if (a.spans.some((s) => s.len > 1 && s.start <= i && s.start + s.len > i)) return false;
  if (i === firstContent(a)) return head > i + 1 && a.lex.vocabulary.words.has(singular(t.key));
  const prev = a.tokens[i - 1];
  if (!prev) return false;
  if (prev.kind === 'number' || DETERMINERS.has(prev.key)) return true;
  return ['verb.search', 'verb.list', 'quantity'].some((p) => hasTag(a, i - 1, p));
}

/**
 * Widens an industry word to the whole noun phrase around it ("veterinary *hospitals*" → veterinary hospitals,
 * "*cold storage* companies" → cold storage companies, "*auto body* shops"); tokens in `claimed` (the place) are
 * never taken.
 */
export function expandPhrase(a: Analysed, used: number[], claimed: Set<number>): number[] {
  const mixed = /\p{Ll}/u.test(a.norm.text) && /\p{Lu}/u.test(a.norm.text);
  let start = Math.min(...used);
  let end = Math.max(...used);
  while (end < a.tokens.length - 1 && phraseWord(a, end + 1, claimed, mixed)) end++;
  while (start > 0 && (phraseWord(a, start - 1, claimed, mixed) || nounModifier(a, start - 1, end, claimed))) start--;
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
