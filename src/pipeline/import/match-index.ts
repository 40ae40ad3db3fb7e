import { type CompanyKeys, sameKeys } from '../scout/dedupe.js';

/** A company the import has seen: one known before it (`fromFile` false) or a row of the file. */
export interface MatchEntry {
  keys: CompanyKeys;
  /** The name's distinct tokens (set when the entry is added). */
  tokens?: string[];
  /** The stored company's id, once it is stored. */
  id?: number;
  fromFile: boolean;
}

interface CityPostings {
  /** Entries by each distinct name token. */
  exact: Map<string, MatchEntry[]>;
  /** Entries by the first three letters of each token of four letters or more (near-miss spellings). */
  prefix: Map<string, MatchEntry[]>;
}

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

/** At most this many companies are compared with one row (the rarest tokens' companies first). */
const MAX_COMPARED = 64;

const prefixOf = (token: string) => (token.length >= 4 ? token.slice(0, 3) : undefined);

/**
 * Whether two token lists could reach the fuzzy threshold (token-set Jaccard ≥ 0.75, so shared ≥ 3/7 of both sizes),
 * counting a token as shared when the other list has it or a token with its first three letters: a quick upper
 * bound before the real comparison.
 */
function couldMatch(query: readonly string[], other: readonly string[]): boolean {
  const needed = Math.ceil((3 * (query.length + other.length)) / 7);
  let shared = 0;
  for (let i = 0; i < query.length; i++) {
    if (shared + query.length - i < needed) return false;
    const t = query[i]!;
    const p = prefixOf(t);
    if (other.some((u) => u === t || (p !== undefined && prefixOf(u) === p))) shared++;
  }
  return shared >= needed;
}

/**
 * `sameCompany` over many companies without comparing every pair: by domain and by normalized name through maps,
 * and the fuzzy same-city name match only against companies that share one of the name's rarest tokens (or its
 * first three letters, for near-miss spellings). A fuzzy match leaves at most a quarter of a name's tokens
 * unmatched, so looking up ⌊n/4⌋+1 of its n tokens (fewer when some token appears nowhere) finds every match whose
 * tokens are equal or share their first three letters, up to MAX_COMPARED companies per row; a spelling that
 * differs in the first three letters of those tokens is missed (written here: no library indexes this comparison).
 */
export function createMatchIndex() {
  const byDomain = new Map<string, MatchEntry>();
  const byName = new Map<string, MatchEntry[]>();
  const cities = new Map<string, CityPostings>();
  const ids = new Set<number>();

  const postings = (city: string) => {
    let p = cities.get(city);
    if (!p) {
      p = { exact: new Map(), prefix: new Map() };
      cities.set(city, p);
    }
    return p;
  };

  const fuzzy = (keys: CompanyKeys): MatchEntry | undefined => {
    const p = keys.city ? cities.get(keys.city) : undefined;
    if (!p) return undefined;
    const tokens = [...new Set(keys.tokens)];
    const lists = tokens.map((t) => {
      const prefix = prefixOf(t);
      return [p.exact.get(t) ?? [], (prefix && p.prefix.get(prefix)) || []];
    });
    const size = (i: number) => lists[i]![0]!.length + lists[i]![1]!.length;
    const order = tokens.map((_, i) => i).filter((i) => size(i) > 0);
    // A token no company has is certainly one of the unmatched ones.
    const lookups = Math.floor(tokens.length / 4) + 1 - (tokens.length - order.length);
    if (lookups <= 0) return undefined;
    order.sort((i, j) => size(i) - size(j));
    const seen = new Set<MatchEntry>();
    for (const i of order.slice(0, lookups))
      for (const list of lists[i]!)
        for (const entry of list) {
          if (seen.has(entry)) continue;
          if (seen.size >= MAX_COMPARED) return undefined;
          seen.add(entry);
          if (couldMatch(tokens, entry.tokens!) && sameKeys(entry.keys, keys)) return entry;
        }
    return undefined;
  };

  return {
    /** Whether this stored company is in the index already. */
    has: (id: number) => ids.has(id),
    add(entry: MatchEntry): void {
      const { keys } = entry;
      entry.tokens = [...new Set(keys.tokens)];
      if (entry.id !== undefined) ids.add(entry.id);
      if (keys.domain && !byDomain.has(keys.domain)) byDomain.set(keys.domain, entry);
      push(byName, keys.name, entry);
      if (!keys.city) return;
      const p = postings(keys.city);
      for (const token of entry.tokens) {
        push(p.exact, token, entry);
        if (token.length >= 4) push(p.prefix, token.slice(0, 3), entry);
      }
    },
    /** Records that an entry is now stored, or gained a domain when a later row was merged into it. */
    update(entry: MatchEntry, change: { id?: number; domain?: string }): void {
      if (change.id !== undefined) {
        entry.id = change.id;
        ids.add(change.id);
      }
      if (change.domain && !entry.keys.domain) {
        entry.keys = { ...entry.keys, domain: change.domain };
        if (!byDomain.has(change.domain)) byDomain.set(change.domain, entry);
      }
    },
    /** The company these keys are, if the index has it: by domain, then name, then a fuzzy name in the same city. */
    find(keys: CompanyKeys): MatchEntry | undefined {
      if (keys.domain) {
        const hit = byDomain.get(keys.domain);
        if (hit) return hit;
      }
      return byName.get(keys.name)?.find((e) => sameKeys(e.keys, keys)) ?? fuzzy(keys);
    },
  };
}

export type MatchIndex = ReturnType<typeof createMatchIndex>;
