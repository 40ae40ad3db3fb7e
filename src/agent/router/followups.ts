import { type Analysed, firstContent, hasTag } from './analyse.js';
import { type Candidate, candidate } from './candidate.js';
import { range } from './intents-find.js';
import { barePlace, findLocation } from './location.js';
import { familySpans, familyValues, findIndustries, findNumber, tokensOf } from './slots.js';
import type { RouteArgs } from './types.js';

/** What the conversation remembers that the parser can use ("more", "what about Rochester?"). */
export interface ParseMemory {
  lastSearch?: { industry: string; location: string; count: number };
  lastIntent?: string;
  lastArgs?: RouteArgs;
  /** Leads last shown, in order. */
  shown?: { id: number; name: string }[];
  /** Choices offered by the last clarifying question. */
  choices?: { label: string; text: string }[];
}

const REDO_TAILS = new Set(['instead', 'too', 'as', 'well']);

/** "more", "10 more", "next page": the last search again, for more companies. */
export function moreCandidate(a: Analysed, mem: ParseMemory): Candidate | undefined {
  const spans = familySpans(a, 'follow.more').filter((s) => !s.shadowed);
  if (spans.length === 0) return undefined;
  const explains = ['follow.', 'noun.company', 'noun.lead', 'verb.search', 'verb.list', 'quantity'];
  const mods = modifications(a);
  if (!mem.lastSearch) {
    const used = new Set([...tokensOf(spans), ...mods.used]);
    return candidate({ intent: 'search_companies', args: mods.args, base: 0.9, used, explains, missing: 'context' });
  }
  return candidate({
    intent: 'search_companies',
    args: { ...mem.lastSearch, ...mods.args },
    base: 0.93,
    used: new Set([...tokensOf(spans), ...mods.used]),
    anchor: tokensOf(spans),
    explains,
    multi: mods.multi,
  });
}

/** Industry, place and count named in a follow-up, with the tokens they use. */
function modifications(a: Analysed, bareFrom?: number) {
  const location = findLocation(a);
  const claimed = new Set<number>(location ? range(location.start, location.end) : []);
  const industries = findIndustries(a, claimed);
  const number = findNumber(a, claimed);
  const args: RouteArgs = {};
  const used: number[] = [...claimed, ...industries.flatMap((i) => i.used), ...(number.slot?.used ?? [])];
  if (location) args.location = location.value;
  if (industries.length === 1) args.industry = industries[0]!.key;
  if (number.slot) args.count = number.slot.value;
  if (!location && bareFrom !== undefined) {
    let to = a.tokens.length;
    while (to > bareFrom && (REDO_TAILS.has(a.keys[to - 1]!) || a.tokens[to - 1]!.kind === 'sep')) to--;
    let from = Math.max(bareFrom, ...used.map((i) => i + 1));
    while (from < to && (hasTag(a, from, 'filler') || hasTag(a, from, 'follow.redo')) && !a.tokens[from]!.capital)
      from++;
    const place = to > from ? barePlace(a, from, to) : undefined;
    if (place) {
      args.location = place;
      used.push(...range(from, to));
    }
  }
  return { args, used, multi: industries.length > 1 || location?.multiple === true };
}

/** "what about Rochester?", "same but 20", "now law firms", "what about approved ones?". */
export function redoCandidate(a: Analysed, mem: ParseMemory): Candidate | undefined {
  const start = firstContent(a);
  const lead = familySpans(a, 'follow.redo').find((s) => !s.shadowed && s.start <= Math.max(start, 0));
  const tail = REDO_TAILS.has(a.keys[a.tokens.length - 1] ?? '');
  const anchor = lead ? tokensOf([lead]) : [];
  const list = mem.lastIntent === 'list_leads' || mem.lastIntent === 'list_drafts' ? mem.lastIntent : undefined;
  if (!mem.lastSearch && !list) {
    if (!lead || !['what', 'how', 'same', 'now', 'and'].includes(a.keys[lead.start]!)) return undefined;
    return candidate({
      intent: 'search_companies',
      args: {},
      base: 0.85,
      used: new Set(anchor),
      explains: ['follow.'],
      missing: 'context',
    });
  }
  const statusFamily = list === 'list_drafts' ? 'draftStatus.' : 'leadStatus.';
  const statuses = list ? familyValues(a, statusFamily) : [];
  const mods = modifications(a, lead ? lead.start + lead.len : Math.max(start, 0));
  const hasMods = Object.keys(mods.args).length > 0 || statuses.length > 0;
  if (!hasMods) return undefined;
  const base = lead || tail ? 0.92 : 0.85;
  const explains = [
    'follow.',
    'noun.company',
    'noun.lead',
    'noun.draft',
    'verb.search',
    'verb.list',
    'quantity',
    statusFamily,
  ];
  const used = new Set([...anchor, ...mods.used, ...statuses.flatMap((s) => s.used)]);
  if (list && (statuses.length > 0 || !mem.lastSearch || mem.lastIntent === list)) {
    const args: RouteArgs = { ...(mem.lastArgs ?? {}) };
    if (statuses.length === 1) args.status = statuses[0]!.value;
    if (mods.args.industry && list === 'list_leads') args.industry = mods.args.industry;
    if (mods.args.location && list === 'list_leads') args.location = mods.args.location;
    if (mods.args.count) args.limit = mods.args.count;
    return candidate({ intent: list, args, base, used, explains, multi: statuses.length > 1 || mods.multi });
  }
  if (!mem.lastSearch) return undefined;
  return candidate({
    intent: 'search_companies',
    args: { ...mem.lastSearch, ...mods.args },
    base,
    used,
    anchor: anchor.length > 0 ? anchor : mods.used,
    explains,
    multi: mods.multi,
    outOfRange:
      mods.args.count !== undefined && (mods.args.count < 1 || mods.args.count > 100) ? mods.args.count : undefined,
  });
}

const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
};

/** A position word: "first" → 1, "3rd" → 3. */
export function ordinal(key: string): number | undefined {
  if (key in ORDINALS) return ORDINALS[key];
  const m = /^(\d+)(st|nd|rd|th)$/.exec(key);
  return m ? Number(m[1]) : undefined;
}
