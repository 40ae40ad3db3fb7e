import { type Analysed, firstContent } from './analyse.js';
import { type Candidate, candidate } from './candidate.js';
import { sectorPhrase, termOf } from './industry-term.js';
import { findBarePlace, findLocation } from './location.js';
import { familySpans, familyValues, findIndustries, findNumber, rawIndustry, tokensOf } from './slots.js';

const DEFAULT_COUNT = 10;
const MAX_COUNT = 100;

/**
 * "look up Harborview Hotel": a kind of business typed capitalised right after another capitalised word is the end
 * of a company's name, not a place and an industry ("Springfield law firms" stays a search).
 */
function titledName(a: Analysed, industry: number[]): boolean {
  const first = Math.min(...industry);
  const mixed = /\p{Ll}/u.test(a.norm.text);
  return mixed && a.tokens[first - 1]?.capital === true && industry.every((i) => a.tokens[i]!.capital);
}

const JOINS = new Set(['and', 'or', 'n']);

/**
 * "mom *and* pop shops", "cheap *and* cheerful restaurants": an "and" right before the industry phrase with words
 * no rule explains before it joins them into the phrase, not a second request. Returns those tokens and the join.
 */
function joinedBefore(a: Analysed, used: number[], claimed: Set<number>): number[] {
  const start = Math.min(...used);
  if (!JOINS.has(a.keys[start - 1] ?? '')) return [];
  const out: number[] = [];
  for (let i = start - 2; i >= 0; i--) {
    const t = a.tokens[i]!;
    if (t.kind !== 'word' || claimed.has(i) || a.tagsAt[i]!.size > 0 || a.lex.social.has(t.key)) break;
    out.unshift(i);
  }
  return out.length > 0 ? [...out, start - 1] : [];
}

/** search_companies {industry, location, count}: "find 10 healthcare companies in Buffalo". */
export function searchCandidate(a: Analysed): Candidate | undefined {
  const sector = sectorPhrase(a);
  const location = findLocation(a, new Set(sector?.used ?? []));
  const claimed = new Set<number>([...(location ? range(location.start, location.end) : []), ...(sector?.used ?? [])]);
  const verbs = familySpans(a, 'verb.search').filter((s) => !s.shadowed);
  const listVerbs = familySpans(a, 'verb.list').filter((s) => !s.shadowed);
  const nouns = familySpans(a, 'noun.company');
  const number = findNumber(a, claimed);
  const found = findIndustries(a, claimed);
  const industries = sector && found.length === 0 ? [{ ...sector, raw: false }] : found;
  const bare =
    !location && industries.length === 1
      ? findBarePlace(
          a,
          new Set([...tokensOf(verbs), ...(number.slot?.used ?? []), ...industries[0]!.used, ...tokensOf(nouns)]),
        )
      : undefined;
  if (verbs.length === 0 && !number.slot && !(industries.length > 0 && (location || bare))) return undefined;
  if (verbs.length === 0 && !number.slot && nouns.length === 0 && !location && !bare) return undefined;
  let industry = industries.length === 1 ? industries[0] : undefined;
  if (industries.length === 0) {
    const from = Math.max(firstContent(a), ...tokensOf(verbs).map((i) => i + 1), ...(number.slot?.used ?? []));
    const to = Math.min(location?.start ?? a.tokens.length, ...tokensOf(nouns).filter((i) => i >= from));
    industry = rawIndustry(a, Math.max(0, from), to);
  }
  const joined = industry ? joinedBefore(a, industry.used, claimed) : [];
  if (industry && joined.length > 0) {
    const used = [...joined, ...industry.used];
    industry = { ...industry, used, key: termOf(used.map((i) => a.tokens[i]!)) };
  }
  let place = location;
  if (!place && industry && !industry.raw && !(titledName(a, industry.used) && !number.slot)) {
    const taken = new Set([...tokensOf(verbs), ...(number.slot?.used ?? []), ...industry.used, ...tokensOf(nouns)]);
    place = findBarePlace(a, taken);
  }
  let base = verbs.length > 0 ? 0.95 : number.slot ? 0.9 : 0.86;
  if (verbs.length === 0 && listVerbs.length > 0) base = 0.86;
  if (industry?.raw) base -= 0.05;
  if (place && !location) base = Math.min(base, 0.86);
  // "mom and pop shops": the whole phrase may be a kind of business or two things; never acted on unasked.
  if (joined.length > 0) base = Math.min(base, 0.7);
  const count = number.slot?.value ?? DEFAULT_COUNT;
  const placed = place && !location ? range(place.start, place.end) : [];
  const used = new Set([
    ...claimed,
    ...placed,
    ...tokensOf(verbs),
    ...(number.slot?.used ?? []),
    ...(industry?.used ?? []),
  ]);
  return candidate({
    intent: 'search_companies',
    args: {
      ...(industry ? { industry: industry.key } : {}),
      ...(place ? { location: place.value } : {}),
      count,
    },
    base,
    used,
    anchor: [...tokensOf(verbs), ...(industry?.used ?? [])],
    explains: [
      'verb.search',
      'verb.list',
      'noun.company',
      'quantity',
      ...(verbs.length > 0 ? ['noun.lead', 'follow.more'] : []),
    ],
    missing: !industry ? 'industry' : !place ? 'location' : undefined,
    outOfRange: count < 1 || count > MAX_COUNT ? count : undefined,
    multi: industries.length > 1 || place?.multiple === true,
    options: industries.length > 1 ? industries.map((i) => i.key) : undefined,
    optionTokens: industries.length > 1 ? industries.flatMap((i) => i.used) : undefined,
  });
}

/** list_leads {status?, industry?, location?, limit?}: "show pending healthcare leads in Buffalo". */
export function listLeadsCandidate(a: Analysed): Candidate | undefined {
  const nouns = familySpans(a, 'noun.lead');
  const owned = familySpans(a, 'noun.owned').filter((s) => !s.shadowed);
  const statuses = familyValues(a, 'leadStatus.');
  const hasList = familySpans(a, 'verb.list').length > 0 || a.norm.question;
  if (nouns.length === 0 && owned.length === 0 && !(statuses.length > 0 && hasList)) return undefined;
  const pronoun = nouns.length === 0 && owned.length === 0 ? standIn(a, statuses) : undefined;
  const base = nouns.length > 0 ? 0.95 : owned.length > 0 || pronoun !== undefined ? 0.9 : 0.78;
  const anchor = [...tokensOf([...nouns, ...owned]), ...(pronoun !== undefined ? [pronoun] : [])];
  return listCandidate(a, 'list_leads', statuses, base, anchor, [
    'noun.owned',
    'noun.lead',
    'noun.company',
    'leadStatus.',
  ]);
}

const INDEFINITE = new Set(['anything', 'something', 'anyone', 'anybody', 'someone']);

/**
 * "anything pending?", "is anything waiting on me?": an indefinite pronoun that is the subject of a lead status,
 * asked alone, stands for the approval queue (the leads), so it is the list's noun, not a reasoning word. Only when
 * the status follows it directly and nothing else but filler is in the message.
 */
function standIn(a: Analysed, statuses: { used: number[] }[]): number | undefined {
  if (statuses.length !== 1) return undefined;
  const status = statuses[0]!.used;
  const i = Math.min(...status) - 1;
  if (!INDEFINITE.has(a.keys[i] ?? '') || a.spans.some((s) => s.len > 1 && s.start <= i && s.start + s.len > i)) {
    return undefined;
  }
  if (!a.norm.question && i !== firstContent(a)) return undefined;
  // Around them only filler and a copula ("is anything waiting on me?").
  const plain = (j: number) => [...a.tagsAt[j]!].every((x) => x === 'filler' || x === 'trap.statement');
  const rest = a.tokens.every(
    (t, j) => t.kind !== 'word' || j === i || status.includes(j) || (a.tagsAt[j]!.size > 0 && plain(j)),
  );
  return rest ? i : undefined;
}

/** list_drafts {status?, limit?}: "show drafts waiting for approval". */
export function listDraftsCandidate(a: Analysed): Candidate | undefined {
  const nouns = familySpans(a, 'noun.draft').filter((s) => !s.shadowed || !coveredByStage(a, s.start));
  const statuses = familyValues(a, 'draftStatus.');
  const hasList = familySpans(a, 'verb.list').length > 0 || a.norm.question;
  if (nouns.length === 0 && !(statuses.length > 0 && hasList)) return undefined;
  return listCandidate(a, 'list_drafts', statuses, nouns.length > 0 ? 0.95 : 0.78, tokensOf(nouns), [
    'noun.owned',
    'noun.draft',
    'draftStatus.',
  ]);
}

function coveredByStage(a: Analysed, i: number): boolean {
  return [...a.tagsAt[i]!].some((t) => t.startsWith('stage.'));
}

function listCandidate(
  a: Analysed,
  intent: 'list_leads' | 'list_drafts',
  statuses: { value: string; used: number[] }[],
  base: number,
  anchor: number[],
  explains: string[],
): Candidate {
  const leads = intent === 'list_leads';
  const location = leads ? findLocation(a) : undefined;
  const claimed = new Set<number>(location ? range(location.start, location.end) : []);
  const industries = leads ? findIndustries(a, claimed) : [];
  const number = findNumber(a, claimed);
  const status = statuses.length === 1 ? statuses[0] : undefined;
  const industry = industries.length === 1 ? industries[0] : undefined;
  const used = new Set([
    ...anchor,
    ...claimed,
    ...(status?.used ?? []),
    ...(industry?.used ?? []),
    ...(number.slot?.used ?? []),
  ]);
  return candidate({
    intent,
    args: {
      ...(status ? { status: status.value } : {}),
      ...(industry ? { industry: industry.key } : {}),
      ...(location ? { location: location.value } : {}),
      ...(number.slot ? { limit: number.slot.value } : {}),
    },
    base,
    used,
    anchor,
    explains: ['verb.list', 'quantity', ...(status ? ['noun.statusWord'] : []), ...explains],
    multi: statuses.length > 1 || industries.length > 1 || location?.multiple === true,
    outOfRange: number.slot && (number.slot.value < 1 || number.slot.value > 500) ? number.slot.value : undefined,
  });
}

export function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_v, j) => start + j);
}
