import type { Stage } from '../services.js';
import { type Analysed, hasTag, type Span, spansWith } from './analyse.js';
import { expandPhrase, knownCompound, nounModifier, onlyGeneric, termOf } from './industry-term.js';
import { stageOf } from './lexicon.js';

/** Spans of one family (`prefix`), dropping those inside a longer span of the same family. */
export function familySpans(a: Analysed, prefix: string): Span[] {
  const all = spansWith(a, prefix, true);
  return all.filter(
    (s) => !all.some((o) => o !== s && o.len > s.len && o.start <= s.start && o.start + o.len >= s.start + s.len),
  );
}

export function tokensOf(spans: Span[]): number[] {
  return spans.flatMap((s) => Array.from({ length: s.len }, (_v, j) => s.start + j));
}

export interface NumberSlot {
  value: number;
  used: number[];
}

/**
 * The count or limit: a number that is not part of a place or a filter ("50 employees", "within 20 miles").
 * Returns the first such number; `extra` lists further numbers, which the caller treats as unexplained.
 */
export function findNumber(a: Analysed, claimed: Set<number>): { slot?: NumberSlot; filters: number[] } {
  const filters: number[] = [];
  let slot: NumberSlot | undefined;
  a.tokens.forEach((t, i) => {
    if (t.kind !== 'number' || claimed.has(i)) return;
    const next = a.tokens[i + 1];
    const unit = next !== undefined && a.lex.units.has(next.key) && !knownCompound(a, i + 1);
    if (unit || a.tokens[i - 1]?.key === 'within' || !/^\d+$/.test(t.key)) {
      filters.push(i);
      return;
    }
    if (slot) {
      filters.push(i);
      return;
    }
    const used = [i];
    if (hasTag(a, i - 1, 'quantity')) used.push(i - 1);
    slot = { value: Number(t.key), used };
  });
  return { slot, filters };
}

export interface IndustrySlot {
  key: string;
  used: number[];
  /** Not in the industry table: the words as typed. */
  raw: boolean;
}

/**
 * Industries named in the message (outside `claimed`): each industry word widened to its noun phrase, the value
 * being the user's own words ("veterinary hospitals"), one entry per distinct phrase.
 */
export function findIndustries(a: Analysed, claimed: Set<number>): IndustrySlot[] {
  const out: IndustrySlot[] = [];
  for (const s of familySpans(a, 'industry.')) {
    if (s.shadowed && !isIndustryShadow(a, s)) continue;
    const own = tokensOf([s]);
    if (own.some((i) => claimed.has(i)) || isHeadNoun(a, s)) continue;
    if (out.some((o) => own.every((i) => o.used.includes(i)))) continue;
    const used = expandPhrase(a, own, claimed);
    if (onlyGeneric(a, used)) continue;
    const key = termOf(used.map((i) => a.tokens[i]!));
    const existing = out.find((o) => o.key === key || o.used.some((i) => used.includes(i)));
    if (existing) existing.used = [...new Set([...existing.used, ...used])];
    else out.push({ key, used, raw: false });
  }
  return out;
}

/** A generic noun after another industry's words ("auto repair *shops*", "dental *practices*"). */
function isHeadNoun(a: Analysed, s: Span): boolean {
  if (s.len !== 1 || !hasTag(a, s.start, 'noun.company')) return false;
  return (
    s.start > 0 &&
    hasTag(a, s.start - 1, 'industry.') &&
    !a.tagsAt[s.start - 1]!.has(s.tags.find((t) => t.startsWith('industry.'))!)
  );
}

/** An industry word inside a longer non-industry phrase still counts when that phrase is only a noun ("firms"). */
function isIndustryShadow(a: Analysed, s: Span): boolean {
  const covering = a.spans.filter(
    (o) => o !== s && o.len > s.len && o.start <= s.start && o.start + o.len >= s.start + s.len,
  );
  return covering.every((o) => o.tags.every((t) => t.startsWith('industry.') || t.startsWith('noun.')));
}

/** Words between the verb/count and the place that name an industry not in the table ("florists"). */
export function rawIndustry(a: Analysed, from: number, to: number): IndustrySlot | undefined {
  const used: number[] = [];
  const last = headAfter(a, from, to);
  for (let i = from; i < to; i++) {
    const t = a.tokens[i]!;
    if (t.kind !== 'word') continue;
    const tags = a.tagsAt[i]!;
    const modifier =
      (used.length === 0 || used[used.length - 1] === i - 1) &&
      (nounModifier(a, i, last, new Set()) || (tags.size === 0 && knownCompound(a, i)));
    if ((tags.size > 0 || a.lex.social.has(t.key)) && !modifier) {
      if (used.length > 0 && !hasTag(a, i, 'noun.company')) return undefined;
      continue;
    }
    if (used.length > 0 && used[used.length - 1] !== i - 1) return undefined;
    used.push(i);
  }
  if (used.length === 0 || used.length > 3) return undefined;
  const head = used[used.length - 1]! + 1;
  if (head < a.tokens.length && head <= to && hasTag(a, head, 'noun.company')) used.push(head);
  const key = termOf(used.map((i) => a.tokens[i]!));
  return { key, used, raw: true };
}

/** The last untagged word or company noun from `from` up to `to` (the noun there included): "call *centers*". */
function headAfter(a: Analysed, from: number, to: number): number {
  let head = -1;
  for (let i = from; i <= to && i < a.tokens.length; i++) {
    const t = a.tokens[i]!;
    if (t.kind !== 'word') continue;
    const untagged = a.tagsAt[i]!.size === 0 && !a.lex.social.has(t.key);
    if (untagged || hasTag(a, i, 'noun.company')) head = i;
  }
  return head;
}

export interface ValueSlot<T> {
  value: T;
  used: number[];
}

/** Distinct values of a tag family (statuses, stages), with the tokens they cover. */
export function familyValues(a: Analysed, prefix: string): ValueSlot<string>[] {
  const out: ValueSlot<string>[] = [];
  for (const s of familySpans(a, prefix)) {
    const value = s.tags.find((t) => t.startsWith(prefix))!.slice(prefix.length);
    const existing = out.find((o) => o.value === value);
    if (existing) existing.used.push(...tokensOf([s]));
    else out.push({ value, used: tokensOf([s]) });
  }
  return out;
}

export function stagesIn(a: Analysed): ValueSlot<Stage>[] {
  return familyValues(a, 'stage.').flatMap((v) => {
    const stage = stageOf(`stage.${v.value}`);
    return stage ? [{ value: stage, used: v.used }] : [];
  });
}

/** Email addresses and domains (from mailto/links too), normalised: lowercase, no scheme, no www, no path. */
export function findTargets(a: Analysed): ValueSlot<string>[] {
  const out: ValueSlot<string>[] = [];
  a.tokens.forEach((t, i) => {
    let value: string | undefined;
    if (t.kind === 'email') value = t.key;
    else if (t.kind === 'domain' || t.kind === 'url') {
      const host = t.key.replace(/^https?:\/\//, '').split(/[/?#]/)[0]!;
      value = host.replace(/^www\./, '');
    }
    if (!value) return;
    const existing = out.find((o) => o.value === value);
    if (existing) existing.used.push(i);
    else out.push({ value, used: [i] });
  });
  return out;
}
