export type TokenKind = 'word' | 'number' | 'email' | 'domain' | 'url' | 'comma' | 'sep';

/** One word of a message: `orig` as typed (for values), `key` for matching (lowercase, maybe typo-corrected). */
export interface Token {
  orig: string;
  key: string;
  /** `key` before typo correction. */
  raw: string;
  kind: TokenKind;
  corrected: boolean;
  /** Typed with a leading capital. */
  capital: boolean;
  /** Part of a hyphenated word split for matching ("do-not-contact"): joins the previous token with "-". */
  glued?: boolean;
}

/** The tokens as typed: spaces between words, "-" inside split hyphenated words, commas attached. */
export function joinOrig(tokens: readonly Token[]): string {
  let out = '';
  for (const t of tokens) {
    if (t.kind === 'comma') out += ',';
    else if (t.glued) out += `-${t.orig}`;
    else out += out === '' ? t.orig : ` ${t.orig}`;
  }
  return out.trim();
}

const TOKEN_RE =
  /(https?:\/\/[^\s<>]+)|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)|((?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.[a-z]{2,24}(?:\/[^\s]*)?(?![\w@]))|(#?\d+(?:[.,]\d{3})*(?:\.\d+)?(?:st|nd|rd|th)?(?![\p{L}\d]))|([\p{L}\p{N}](?:[\p{L}\p{N}'&.-]*[\p{L}\p{N}])?\.?)|(,)|([.;!?:])|(&|\+)/giu;
const ABBREVIATIONS = new Set([
  'st',
  'mt',
  'ft',
  'inc',
  'co',
  'corp',
  'ltd',
  'dr',
  'jr',
  'sr',
  'llc',
  'no',
  'vs',
  'pt',
]);

/** The matching key of a word: lowercase, no apostrophes, hyphens or dots. */
export function keyOf(word: string): string {
  return word
    .toLowerCase()
    .replace(/['’.-]/g, '')
    .replace(/&/g, 'and');
}

function token(orig: string, key: string, kind: TokenKind): Token {
  return { orig, key, raw: key, kind, corrected: false, capital: /^\p{Lu}/u.test(orig) };
}

/** Splits normalised text into tokens; sentence punctuation becomes `sep`, commas `comma`. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const [whole, url, email, domain, num, word, comma, sep, amp] = m;
    if (url) out.push(token(url, url.toLowerCase(), 'url'));
    else if (email) out.push(token(email, email.toLowerCase(), 'email'));
    else if (domain) out.push(token(domain, domain.toLowerCase().replace(/\/$/, ''), 'domain'));
    else if (num) {
      const digits = num.replace(/^#/, '').replace(/,/g, '');
      const ordinal = /(st|nd|rd|th)$/i.test(digits);
      out.push(token(num, ordinal ? digits.toLowerCase() : digits, ordinal ? 'word' : 'number'));
    } else if (word) {
      const dotted = word.endsWith('.');
      const bare = dotted ? word.slice(0, -1) : word;
      const keepDot = dotted && (ABBREVIATIONS.has(bare.toLowerCase()) || bare.includes('.'));
      out.push(token(keepDot ? word : bare, keyOf(bare), 'word'));
      if (dotted && !keepDot) out.push(token('.', '.', 'sep'));
    } else if (comma) out.push(token(',', ',', 'comma'));
    else if (sep) out.push(token(sep, sep, 'sep'));
    else if (amp) out.push(token(whole, 'and', 'word'));
  }
  return out;
}

/** Matching keys of a lexicon phrase, tokenised like a message. */
export function phraseKeys(phrase: string): string[] {
  return tokenize(phrase)
    .filter((t) => t.kind !== 'comma' && t.kind !== 'sep')
    .map((t) => t.key);
}

export interface PhraseMatch<T> {
  start: number;
  len: number;
  value: T;
}

/** Multi-word phrases indexed by first word; finds the longest phrase at a position. */
export class PhraseIndex<T> {
  private readonly byFirst = new Map<string, { keys: string[]; value: T }[]>();
  readonly words = new Set<string>();

  add(phrase: string | string[], value: T): void {
    const keys = Array.isArray(phrase) ? phrase : phraseKeys(phrase);
    if (keys.length === 0) return;
    this.insert(keys, value);
    if (keys.length === 2) this.insert([keys.join('')], value);
  }

  private insert(keys: string[], value: T): void {
    for (const k of keys) this.words.add(k);
    const list = this.byFirst.get(keys[0]!) ?? [];
    if (list.some((e) => e.keys.join(' ') === keys.join(' '))) return;
    list.push({ keys, value });
    list.sort((a, b) => b.keys.length - a.keys.length);
    this.byFirst.set(keys[0]!, list);
  }

  /** The longest phrase starting at `i`, skipping none of the tokens. */
  longestAt(keys: readonly string[], i: number): PhraseMatch<T> | undefined {
    const list = this.byFirst.get(keys[i]!);
    if (!list) return undefined;
    for (const e of list) {
      let ok = true;
      for (let j = 1; j < e.keys.length; j++) {
        if (keys[i + j] !== e.keys[j]) {
          ok = false;
          break;
        }
      }
      if (ok) return { start: i, len: e.keys.length, value: e.value };
    }
    return undefined;
  }

  /** Every phrase starting at `i`, longest first. */
  allAt(keys: readonly string[], i: number): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    for (const e of this.byFirst.get(keys[i]!) ?? []) {
      let ok = true;
      for (let j = 1; j < e.keys.length; j++) {
        if (keys[i + j] !== e.keys[j]) {
          ok = false;
          break;
        }
      }
      if (ok) out.push({ start: i, len: e.keys.length, value: e.value });
    }
    return out;
  }

  /** Non-overlapping longest matches, left to right. */
  findAll(keys: readonly string[]): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    for (let i = 0; i < keys.length; ) {
      const m = this.longestAt(keys, i);
      if (m) {
        out.push(m);
        i += m.len;
      } else i++;
    }
    return out;
  }

  has(key: string): boolean {
    return this.byFirst.has(key);
  }
}
