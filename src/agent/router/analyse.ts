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
