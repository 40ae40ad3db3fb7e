import { type Analysed, hasTag } from './analyse.js';
import { AMBIGUOUS_CODES, stateCodeForName, US_STATES } from './states.js';
import { joinOrig, type Token } from './tokens.js';

export interface LocationSlot {
  value: string;
  /** Token range [start, end) including the preposition. */
  start: number;
  end: number;
  /** Another place follows ("in Dallas and Fort Worth", "in Austin … in Dallas"). */
  multiple: boolean;
}

const STRONG = ['verb.', 'stage.', 'intent.', 'noun.lead', 'noun.draft', 'trap.', 'follow.', 'leadStatus.', 'quantity'];
const JOINERS = new Set(['and', 'or', 'plus', ',']);

function isStrong(a: Analysed, i: number): boolean {
  return STRONG.some((p) => hasTag(a, i, p));
}

/** A capitalised word in a message that also has lower case: part of a name ("the Bay Area"), kept whole. */
function named(a: Analysed, t: Token): boolean {
  return t.capital && /\p{Ll}/u.test(a.norm.text);
}

/** Whether token i can be part of a place name. */
function placeLike(a: Analysed, i: number, first: boolean): boolean {
  const t = a.tokens[i];
  if (t?.kind !== 'word') return false;
  const { placeParts, notPlaces } = a.lex;
  if (first && notPlaces.has(t.key)) return false;
  if (placeParts.has(t.key)) return true;
  if (notPlaces.has(t.key) || a.lex.units.has(t.key)) return false;
  if (t.capital && /\p{Ll}/u.test(a.norm.text) && !isStrong(a, i)) return true;
  const tags = a.tagsAt[i]!;
  return tags.size === 0 || [...tags].every((x) => x.startsWith('industry.'));
}

/** A state at tokens [i, …): its code and how many tokens it used. */
function stateAt(tokens: Token[], i: number, afterComma: boolean): { code: string; used: number } | undefined {
  for (let n = 3; n >= 1; n--) {
    const slice = tokens.slice(i, i + n);
    if (slice.length < n || slice.some((t) => t.kind !== 'word')) continue;
    const code = stateCodeForName(slice.map((t) => t.key).join(' '));
    if (code) return { code, used: n };
  }
  const t = tokens[i];
  if (t?.kind !== 'word' || t.key.length !== 2) return undefined;
  const code = t.key.toUpperCase();
  if (!(code in US_STATES)) return undefined;
  const atEnd = !tokens[i + 1] || tokens[i + 1]!.kind === 'sep' || tokens[i + 1]!.kind === 'comma';
  if (AMBIGUOUS_CODES.has(code) && t.orig !== code && !(afterComma && atEnd)) return undefined;
  return { code, used: 1 };
}

/** Title-cases all-lower or all-upper text, keeping short acronyms ("NYC") and mixed-case names as typed. */
function titleCase(tokens: Token[]): string {
  const text = joinOrig(tokens);
  if (/\p{Ll}/u.test(text) && /\p{Lu}/u.test(text)) return text;
  const upper = !/\p{Ll}/u.test(text);
  return text.replace(/\p{L}[\p{L}'’.]*/gu, (w) =>
    upper && w.length <= 3 ? w : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase(),
  );
}

/** Words that make a part of a state rather than a city in it ("upstate New York", "NE Ohio", "south Florida"). */
const REGION_WORDS = new Set([
  ...['north', 'south', 'east', 'west', 'central', 'upstate', 'downstate', 'coastal', 'rural'],
  ...['northern', 'southern', 'eastern', 'western', 'northeast', 'northwest', 'southeast', 'southwest'],
  ...['northeastern', 'northwestern', 'southeastern', 'southwestern', 'ne', 'nw', 'se', 'sw'],
]);

/** "south Florida" → "South Florida": a region of a state, each word capitalised, acronyms kept ("NE Ohio"). */
function regionOfState(words: Token[]): string | undefined {
  const lead = words.findIndex((t) => !REGION_WORDS.has(t.key));
  if (lead <= 0 || stateAt(words, lead, false)?.used !== words.length - lead) return undefined;
  // A code after a direction is more often a city's abbreviation ("west LA") than a state.
  if (words[lead]!.orig.length === 2) return undefined;
  const cap = (w: string) => (w === w.toUpperCase() ? w : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());
  return words.map((t) => cap(t.orig)).join(' ');
}

/** Formats place tokens: "buffalo ny" → "Buffalo, NY"; "texas" → "Texas"; "new york city" stays. */
function formatPlace(tokens: Token[]): string {
  const words = tokens.filter((t) => t.kind !== 'comma');
  const region = regionOfState(words);
  if (region) return region;
  for (let n = Math.min(3, words.length - 1); n >= 1; n--) {
    const tail = words.slice(words.length - n);
    const hadComma = tokens[tokens.length - n - 1]?.kind === 'comma';
    const state = stateAt(tail, 0, hadComma);
    if (state && state.used === n) return `${titleCase(words.slice(0, words.length - n))}, ${state.code}`;
  }
  return titleCase(words);
}

/** Reads the place tokens after a preposition; returns [start, end) of the place itself. */
function readPlace(a: Analysed, from: number, claimed: Set<number>): { start: number; end: number } | undefined {
  const { tokens, keys } = a;
  let k = from;
  // "in the Boston area", "around the Bay Area": the article is not part of the name.
  if (keys[k] === 'the' && tokens[k + 1]?.kind === 'word') k++;
  const noise = a.lex.placeNoise.longestAt(keys, k);
  if (noise) k += noise.len;
  const start = k;
  while (k < tokens.length && k - start < 6 && !claimed.has(k)) {
    const t = tokens[k]!;
    if (t.kind === 'number') {
      if (k === start && /^\d{5}$/.test(t.key)) k++;
      break;
    }
    if (t.kind === 'comma') {
      const state = k > start ? stateAt(tokens, k + 1, true) : undefined;
      if (state) k += 1 + state.used;
      break;
    }
    if (!placeLike(a, k, k === start)) {
      const state = k > start ? stateAt(tokens, k, false) : undefined;
      if (state) k += state.used;
      break;
    }
    k++;
  }
  // "in Washington state": the word "state" after a state's name belongs to the place.
  if (keys[k] === 'state' && k > start && stateAt(tokens, start, false)?.used === k - start) k++;
  let end = k;
  while (end > start) {
    const n = a.lex.placeNoise.longestAt(keys, end - 1);
    const last = tokens[end - 1]!;
    if ((n && n.len === 1 && !named(a, last)) || last.key === 'the' || last.key === 'of') end--;
    else break;
  }
  if (end <= start) return undefined;
  const words = tokens.slice(start, end);
  const upper = (t: Token) => t.orig.length >= 2 && t.orig === t.orig.toUpperCase() && /\p{L}/u.test(t.orig);
  const generic = (t: Token) => (a.lex.placeParts.has(t.key) && !upper(t)) || a.lex.notPlaces.has(t.key);
  if (words.every(generic) && !words.every((t) => named(a, t))) return undefined;
  if (words.every((_t, j) => hasTag(a, start + j, 'industry.'))) return undefined;
  return { start, end: Math.max(end, k) };
}

/**
 * Finds "in Buffalo", "in Buffalo, NY", "around Austin TX", "near Chicago" — the first place after a
 * preposition that is not an industry ("in healthcare") or a time ("in the morning").
 */
export function findLocation(a: Analysed, claimed: Set<number> = new Set()): LocationSlot | undefined {
  let found: LocationSlot | undefined;
  for (let i = 0; i < a.tokens.length; i++) {
    if (claimed.has(i)) continue;
    const prep = a.lex.prepositions.longestAt(a.keys, i);
    if (!prep) continue;
    const place = readPlace(a, i + prep.len, claimed);
    if (!place) continue;
    if (found) {
      found.multiple = true;
      break;
    }
    const placeTokens = a.tokens.slice(place.start, place.end);
    found = { value: formatPlace(trimNoise(a, placeTokens)), start: i, end: place.end, multiple: false };
    if (anotherPlaceFollows(a, place.end)) {
      found.multiple = true;
      break;
    }
    i = place.end - 1;
  }
  return found;
}

/** "… in Austin or (maybe) Dallas", "… in Buffalo and in Rochester": a second place after a joiner. */
function anotherPlaceFollows(a: Analysed, end: number): boolean {
  if (!JOINERS.has(a.keys[end] ?? '')) return false;
  let k = end + 1;
  while (k < end + 3 && (a.lex.filler.has(a.keys[k] ?? '') || a.lex.prepositions.has(a.keys[k] ?? ''))) k++;
  return placeLike(a, k, true) && !isStrong(a, k) && !a.lex.filler.has(a.keys[k] ?? '');
}

/** Drops "the greater … area" around a place, but not a capitalised "Area" that is part of its name. */
function trimNoise(a: Analysed, tokens: Token[]): Token[] {
  let s = 0;
  while (s < tokens.length - 1 && ['the', 'greater', 'downtown'].includes(tokens[s]!.key)) s++;
  const out = tokens.slice(s);
  const noise = (t: Token) => ['area', 'metro', 'region', 'vicinity', 'state'].includes(t.key) && !named(a, t);
  while (out.length > 1 && noise(out[out.length - 1]!)) out.pop();
  return out.length > 0 ? out : tokens;
}

/** A bare place with no preposition ("Rochester", "Austin TX") covering tokens [from, to). */
export function barePlace(a: Analysed, from: number, to: number): string | undefined {
  const slice = a.tokens.slice(from, to).filter((t) => t.kind !== 'sep');
  if (slice.length === 0 || slice.length > 5) return undefined;
  for (let j = from; j < to; j++) {
    const t = a.tokens[j]!;
    if (t.kind === 'comma' || t.kind === 'sep') continue;
    if (!placeLike(a, j, j === from) && !stateAt(a.tokens, j, a.tokens[j - 1]?.kind === 'comma')) return undefined;
  }
  return formatPlace(trimNoise(a, slice));
}

/**
 * A place named without a preposition: a well-known city ("buffalo law firms"), capitalised words in a mixed-case
 * message ("find 10 Springfield law firms"), optionally followed by a state. Tokens in `used` are skipped.
 */
export function findBarePlace(a: Analysed, used: Set<number>): LocationSlot | undefined {
  const mixed = /\p{Ll}/u.test(a.norm.text) && /\p{Lu}/u.test(a.norm.text);
  for (let i = 0; i < a.tokens.length; i++) {
    if (used.has(i) || a.tokens[i]!.kind !== 'word') continue;
    const city = a.lex.cities.longestAt(a.keys, i);
    let end = city ? i + city.len : i;
    if (!city && i > 0 && mixed) {
      const acronym = (t: Token) => t.orig.length >= 3 && t.orig === t.orig.toUpperCase();
      while (
        end < a.tokens.length &&
        !used.has(end) &&
        a.tokens[end]!.capital &&
        !acronym(a.tokens[end]!) &&
        a.tagsAt[end]!.size === 0
      )
        end++;
    }
    if (end === i || range(i, end).some((j) => used.has(j))) continue;
    const comma = a.tokens[end]?.kind === 'comma';
    const state = stateAt(a.tokens, comma ? end + 1 : end, comma);
    if (state) end = (comma ? end + 1 : end) + state.used;
    return { value: formatPlace(a.tokens.slice(i, end)), start: i, end, multiple: false };
  }
  return undefined;
}

function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_v, j) => start + j);
}
