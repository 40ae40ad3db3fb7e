import { singular } from '../../pipeline/scout/vocabulary/morphology.js';
import { englishWords } from './english.js';
import type { CompiledLexicon } from './lexicon.js';
import { type NormalizedMessage, normalizeMessage } from './normalize.js';
import { keyOf, type Token, tokenize } from './tokens.js';

/** A phrase found in the message with every lexicon tag it carries. */
export interface Span {
  start: number;
  len: number;
  tags: string[];
  /** A strictly longer span covers this one ("not" inside "not sent yet"). */
  shadowed: boolean;
}

/** A message ready for the intent rules. */
export interface Analysed {
  norm: NormalizedMessage;
  tokens: Token[];
  keys: string[];
  spans: Span[];
  /** Per token: the tags of every span covering it. */
  tagsAt: Set<string>[];
  lex: CompiledLexicon;
}

const LOCATION_LEADS = new Set(['in', 'near', 'around', 'from', 'at', 'outside']);

/** Chat shorthand for words the lexicon's phrases spell out ("what can u do"). */
const SHORTHAND: Record<string, string> = { u: 'you', ur: 'your', r: 'are' };

/** "heyyy" → hey, "thxxx" → thx: a letter held down is emphasis, not a new word. */
function unstretched(key: string, lex: CompiledLexicon): string | undefined {
  if (!/(\p{L})\1\1/u.test(key)) return undefined;
  const once = key.replace(/(\p{L})\1+/gu, '$1');
  const twice = key.replace(/(\p{L})\1{2,}/gu, '$1$1');
  return [twice, once].find((k) => lex.known.has(k));
}

/**
 * "would you mind finding…", "start writing drafts": a verb's -ing form read as the verb the lexicon knows,
 * only for words no phrase of the lexicon starts with ("looking for" and "scoring" are phrases of their own).
 */
function verbOfGerund(key: string, lex: CompiledLexicon): string | undefined {
  if (key.length < 6 || !key.endsWith('ing')) return undefined;
  const stem = key.slice(0, -3);
  const forms = [stem, `${stem}e`, stem.replace(/(\p{L})\1$/u, '$1')];
  const isVerb = (k: string) =>
    (lex.index.longestAt([k], 0)?.value ?? []).some((t) => t.startsWith('verb.') || t.startsWith('stage.'));
  return forms.find(isVerb);
}

/** Tags of a single word in the lexicon (none for unknown words). */
function tagsOf(key: string | undefined, lex: CompiledLexicon): string[] {
  const m = key === undefined ? undefined : lex.index.longestAt([key], 0);
  return m?.len === 1 ? m.value : [];
}

/**
 * Where an -ing word is a verb: first, after polite words ("would you mind finding") or after "start"/"keep"
 * ("start searching"), and not naming a kind of business with the next word ("printing shops").
 */
function gerundSlot(tokens: Token[], i: number, lex: CompiledLexicon): boolean {
  const before = tagsOf(tokens[i - 1]?.key, lex);
  const otherVerb = before.some((x) => x.startsWith('verb.') && x !== 'verb.run');
  const polite = i === 0 || ((before.includes('filler') || before.includes('verb.run')) && !otherVerb);
  const after = tagsOf(tokens[i + 1]?.key, lex);
  return polite && !after.some((x) => x.startsWith('industry.') || x === 'noun.company');
}

/** Token i is inside a phrase the lexicon knows ("what is *running*"): it is read as that phrase, not alone. */
function inPhrase(keys: string[], i: number, lex: CompiledLexicon): boolean {
  for (let j = Math.max(0, i - 5); j <= i; j++) if (lex.index.allAt(keys, j).some((m) => j + m.len > i)) return true;
  return false;
}

/** Keys the lexicon spells another way: shorthand, stretched letters, a verb's -ing form. */
function canonicalise(tokens: Token[], lex: CompiledLexicon): void {
  const keys = tokens.map((t) => t.key);
  tokens.forEach((t, i) => {
    if (t.kind !== 'word') return;
    const stretched = lex.known.has(t.key) ? undefined : unstretched(t.key, lex);
    const gerund = !inPhrase(keys, i, lex) && gerundSlot(tokens, i, lex);
    const key = SHORTHAND[t.key] ?? stretched ?? (gerund ? verbOfGerund(t.key, lex) : undefined);
    if (key) t.key = key;
  });
}

/** Corrects typos in keywords; never inside what looks like a name or right after "in"/"near". */
function correctTypos(tokens: Token[], lex: CompiledLexicon): void {
  const mixedCase = tokens.some((t) => /\p{Ll}/u.test(t.orig)) && tokens.some((t) => /\p{Lu}/u.test(t.orig));
  tokens.forEach((t, i) => {
    if (t.kind !== 'word' || lex.known.has(t.key) || t.key.length < 3) return;
    // A plural of a known word, or any English word, is not a typo ("startups", "trucking").
    if (lex.known.has(singular(t.key)) || englishWords().has(t.key)) return;
    if (mixedCase && t.capital && i > 0) return;
    if (LOCATION_LEADS.has(tokens[i - 1]?.key ?? '')) return;
    const fixed = lex.correct(t.key);
    if (fixed) {
      t.key = fixed;
      t.corrected = true;
    }
  });
}

/** Splits hyphenated words the lexicon does not know whole ("do-not-contact" → do not contact). */
function splitHyphens(tokens: Token[], lex: CompiledLexicon): Token[] {
  return tokens.flatMap((t) => {
    if (t.kind !== 'word' || !t.orig.includes('-') || lex.known.has(t.key)) return [t];
    const parts = t.orig.split('-').filter((p) => p.length > 0);
    return parts.map((orig, i) => {
      const key = keyOf(orig);
      return { ...t, orig, key, raw: key, capital: /^\p{Lu}/u.test(orig), glued: i > 0 };
    });
  });
}

/** Normalises, tokenises, corrects typos and tags every lexicon phrase in the message. */
export function analyse(input: string | NormalizedMessage, lex: CompiledLexicon): Analysed {
  const norm = typeof input === 'string' ? normalizeMessage(input) : input;
  const tokens = splitHyphens(tokenize(norm.text), lex);
  canonicalise(tokens, lex);
  correctTypos(tokens, lex);
  const keys = tokens.map((t) => t.key);
  const spans: Span[] = [];
  for (let i = 0; i < keys.length; i++) {
    for (const m of lex.index.allAt(keys, i)) spans.push({ start: i, len: m.len, tags: m.value, shadowed: false });
  }
  for (const s of spans) {
    s.shadowed = spans.some(
      (o) => o !== s && o.len > s.len && o.start <= s.start && o.start + o.len >= s.start + s.len,
    );
  }
  const tagsAt = tokens.map(() => new Set<string>());
  for (const s of spans) for (let j = s.start; j < s.start + s.len; j++) for (const t of s.tags) tagsAt[j]!.add(t);
  return { norm, tokens, keys, spans, tagsAt, lex };
}

/** Unshadowed spans with a tag starting with `prefix` ("trap.negation", "stage."). */
export function spansWith(a: Analysed, prefix: string, includeShadowed = false): Span[] {
  return a.spans.filter((s) => (includeShadowed || !s.shadowed) && s.tags.some((t) => t.startsWith(prefix)));
}

/** Whether token i carries a tag starting with `prefix`. */
export function hasTag(a: Analysed, i: number, prefix: string): boolean {
  for (const t of a.tagsAt[i] ?? []) if (t.startsWith(prefix)) return true;
  return false;
}

/** Index of the first token that is not filler/social/punctuation, or -1. */
export function firstContent(a: Analysed, from = 0): number {
  for (let i = from; i < a.tokens.length; i++) {
    const t = a.tokens[i]!;
    if (t.kind === 'comma' || t.kind === 'sep') continue;
    const tags = a.tagsAt[i]!;
    const onlyFiller = [...tags].every((x) => x === 'filler' || x.startsWith('tier1.'));
    if (!(onlyFiller && (tags.size > 0 || a.lex.social.has(t.key)))) return i;
  }
  return -1;
}

/** Tags that make a word part of the request itself rather than of a polite lead-in. */
const REQUEST_TAGS = ['noun.', 'industry.', 'stage.', 'intent.', 'verb.search', 'verb.list', 'leadStatus.'];

/** "go ahead and write…", "try and find…": only polite or filler words before token i (no request yet). */
export function politeBefore(a: Analysed, i: number): boolean {
  return a.tokens.slice(0, i).every((t, j) => {
    if (t.kind !== 'word') return t.kind === 'comma';
    return hasTag(a, j, 'filler') && !REQUEST_TAGS.some((p) => hasTag(a, j, p));
  });
}
