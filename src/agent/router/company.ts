import { type Analysed, hasTag, type Span } from './analyse.js';
import { type Candidate, candidate } from './candidate.js';
import { familySpans, tokensOf } from './slots.js';
import { joinOrig, type Token } from './tokens.js';

const SUFFIXES = new Set(['info', 'information', 'details', 'profile', 'dossier', 'overview', 'background']);
const POSSESSED = new Set([
  'score',
  'info',
  'information',
  'details',
  'contacts',
  'contact',
  'profile',
  'status',
  'emails',
  'email',
  'drafts',
  'draft',
  'website',
  'domain',
  'tier',
  'reason',
]);
const TRAILING = new Set([
  'please',
  'pls',
  'plz',
  'thanks',
  'thx',
  'now',
  'again',
  'asap',
  'today',
  'quickly',
  'quick',
]);
const NOT_NAMES = ['verb.', 'stage.', 'intent.', 'noun.lead', 'noun.draft', 'noun.step', 'leadStatus.', 'draftStatus.'];
/** Lowercase words that join a role or a place to a name ("the contact *at* Acme") rather than belong to it. */
const LINKS = new Set(['at', 'in', 'for', 'from', 'near', 'with', 'to', 'on', 'by', 'about', 'who', 'that', 'which']);
const EXPLAINS = ['intent.company_info', 'verb.list', 'verb.search', 'noun.company'];

/** Only polite words and list verbs ("what's", "show me") come before token i. */
function onlyFillerBefore(a: Analysed, i: number): boolean {
  for (let j = 0; j < i; j++) {
    const t = a.tokens[j]!;
    if (t.kind === 'comma' || t.kind === 'sep') continue;
    const tags = [...a.tagsAt[j]!];
    const polite =
      tags.length === 0 ? a.lex.social.has(t.key) : tags.every((x) => /^(filler|verb\.list|tier1\.)/.test(x));
    if (!polite) return false;
  }
  return true;
}

/** Trims a candidate company name; undefined when what is left is not a name. */
function nameTokens(a: Analysed, from: number, to: number): number[] | undefined {
  let s = from;
  let e = to;
  while (e > s && (['comma', 'sep'].includes(a.tokens[e - 1]!.kind) || TRAILING.has(a.keys[e - 1]!))) e--;
  if (e - s >= 2 && a.keys[e - 2] === 'for' && ['me', 'us'].includes(a.keys[e - 1]!)) e -= 2;
  while (s < e && !a.tokens[s]!.capital && ['the', 'a', 'an', 'company', 'firm', 'business'].includes(a.keys[s]!)) s++;
  const ids = Array.from({ length: e - s }, (_v, j) => s + j);
  const words = ids.filter((i) => a.tokens[i]!.kind !== 'comma');
  if (words.length === 0 || words.length > 6) return undefined;
  if (words.some((i) => a.tokens[i]!.kind === 'sep')) return undefined;
  const mixed = /\p{Ll}/u.test(a.norm.text) && /\p{Lu}/u.test(a.norm.text);
  for (const i of words) {
    const named = mixed && a.tokens[i]!.capital;
    if (!named && NOT_NAMES.some((p) => hasTag(a, i, p))) return undefined;
  }
  if (a.tokens[words[0]!]!.kind === 'number') return undefined;
  if (words.some((i) => !a.tokens[i]!.capital && LINKS.has(a.keys[i]!))) return undefined;
  if (hasTag(a, words[0]!, 'noun.target') || hasTag(a, words[0]!, 'trap.reasoning')) return undefined;
  const place = words.some((i) => ['in', 'near', 'around'].includes(a.keys[i]!));
  if (place && words.some((i) => hasTag(a, i, 'industry.') || hasTag(a, i, 'noun.company'))) return undefined;
  // A capitalised word in a mixed-case message is a name even when it also names a kind ("Harbor Law").
  const generic = words.every(
    (i) =>
      (hasTag(a, i, 'industry.') && !(mixed && a.tokens[i]!.capital)) ||
      hasTag(a, i, 'filler') ||
      a.lex.notPlaces.has(a.keys[i]!) ||
      a.tokens[i]!.kind === 'number',
  );
  return generic ? undefined : ids;
}

function joinName(tokens: Token[]): string {
  return joinOrig(tokens)
    .replace(/['’]s$/i, '')
    .trim();
}

/** Overlapping phrases read as one ("company info" + "info for" → "company info for"), in order. */
function merged(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of [...spans].sort((x, y) => x.start - y.start)) {
    const last = out[out.length - 1];
    if (last && s.start < last.start + last.len) {
      last.len = Math.max(last.len, s.start + s.len - last.start);
      last.tags = [...new Set([...last.tags, ...s.tags])];
    } else out.push({ ...s });
  }
  return out;
}

/** company_info {company}: "tell me about Acme Health", "Acme Health info", "what's Acme's score?". */
export function companyInfoCandidate(a: Analysed): Candidate | undefined {
  const end = segmentEnd(a);
  for (const s of merged(familySpans(a, 'intent.company_info').filter((x) => !x.shadowed))) {
    if (!onlyFillerBefore(a, s.start)) continue;
    const ids = nameTokens(a, s.start + s.len, end);
    const strong = s.len >= 2 || ['lookup', 'company'].includes(a.keys[s.start]!);
    if (!ids) {
      if (!strong || s.start + s.len < end) continue;
      return candidate({
        intent: 'company_info',
        args: {},
        base: 0.9,
        used: new Set(tokensOf([s])),
        explains: EXPLAINS,
        missing: 'company',
      });
    }
    const company = joinName(ids.map((i) => a.tokens[i]!));
    return candidate({
      intent: 'company_info',
      args: { company },
      base: strong ? 0.93 : 0.85,
      used: new Set([...tokensOf([s]), ...ids]),
      anchor: tokensOf([s]),
      explains: EXPLAINS,
    });
  }
  return suffixForm(a, end);
}

/** "Acme Health info" / "Acme's score" / "info Acme Health" (the same word first, terse). */
function suffixForm(a: Analysed, end: number): Candidate | undefined {
  let start = 0;
  while (start < end && onlyFillerBefore(a, start + 1)) start++;
  if (start >= end) return undefined;
  const prefixed = prefixForm(a, start, end);
  if (prefixed) return prefixed;
  for (let i = start; i < end; i++) {
    const t = a.tokens[i]!;
    const possessive = /['’]s$/i.test(t.orig) && POSSESSED.has(a.keys[i + 1] ?? '');
    const suffix = i > start && SUFFIXES.has(t.key) && i === lastWord(a, end);
    if (!possessive && !suffix) continue;
    const to = possessive ? i + 1 : i;
    const ids = nameTokens(a, start, to);
    if (!ids) return undefined;
    const company = joinName(ids.map((j) => a.tokens[j]!));
    const anchor = possessive ? [i + 1] : [i];
    return candidate({
      intent: 'company_info',
      args: { company },
      base: 0.88,
      used: new Set([...ids, ...anchor]),
      anchor,
      explains: EXPLAINS,
    });
  }
  return undefined;
}

/** "info Contoso": the suffix word first, right before a capitalised name (filler words may precede it). */
function prefixForm(a: Analysed, start: number, end: number): Candidate | undefined {
  // "info" is filler, so the first content word may be the name itself; "profile" is not.
  const lead = SUFFIXES.has(a.keys[start]!) ? start : start - 1;
  if (lead < 0 || !SUFFIXES.has(a.keys[lead]!) || !onlyFillerBefore(a, lead)) return undefined;
  const ids = nameTokens(a, lead + 1, end);
  if (!ids?.every((i) => a.tokens[i]!.capital || a.tokens[i]!.kind !== 'word')) return undefined;
  return candidate({
    intent: 'company_info',
    args: { company: joinName(ids.map((j) => a.tokens[j]!)) },
    base: 0.85,
    used: new Set([lead, ...ids]),
    anchor: [lead],
    explains: EXPLAINS,
  });
}

function lastWord(a: Analysed, end: number): number {
  for (let i = end - 1; i >= 0; i--) if (a.tokens[i]!.kind === 'word' && !TRAILING.has(a.keys[i]!)) return i;
  return -1;
}

function segmentEnd(a: Analysed): number {
  const sep = a.tokens.findIndex((t) => t.kind === 'sep');
  return sep === -1 ? a.tokens.length : sep;
}
