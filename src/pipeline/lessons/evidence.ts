import type { LessonEvidence } from './ports.js';

const MAX_RUN_IDS = 20;
export const MAX_EXAMPLES = 5;

const URL_LIKE = /\b(?:https?:\/\/|www\.)\S+/gi;

/** True when text contains something that looks like a link (scheme, www. or a bare domain with a path). */
export function hasUrl(text: string): boolean {
  return /\bhttps?:\/\/|\bwww\.|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\/\S*/i.test(text);
}

/** A fact safe to quote in a template: one line, no links, no quotes or backticks, at most `max` characters. */
export function cleanFact(text: string | null | undefined, max = 80): string {
  const clean = (text ?? '')
    .replace(URL_LIKE, '')
    .replace(/[`"“”<>]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  return clip(clean, max);
}

/** Cuts at a word boundary with an ellipsis when longer than `max`. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** "75%" */
export function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

/** "2026-11-25" */
export function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A stable key for a pattern: lower-case parts joined with ':' ("provider_failing:enrichment:hunter:quota"). */
export function fingerprintOf(...parts: string[]): string {
  return parts
    .map((p) =>
      p
        .trim()
        .toLowerCase()
        .replace(/\s+/g, '-')
        .replace(/[^a-z0-9._+-]/g, ''),
    )
    .join(':');
}

/** Distinct run ids, newest first, capped. */
export function newestRunIds(items: readonly { runId: string | null; at: Date }[]): string[] {
  const sorted = [...items].filter((i) => i.runId).sort((a, b) => b.at.getTime() - a.at.getTime());
  return [...new Set(sorted.map((i) => i.runId!))].slice(0, MAX_RUN_IDS);
}

/** Earliest and latest of some dates, as ISO strings. */
export function span(dates: readonly Date[]): Pick<LessonEvidence, 'firstSeen' | 'lastSeen'> {
  if (dates.length === 0) return { firstSeen: null, lastSeen: null };
  const times = dates.map((d) => d.getTime());
  return {
    firstSeen: new Date(Math.min(...times)).toISOString(),
    lastSeen: new Date(Math.max(...times)).toISOString(),
  };
}

/** Values with how often they occur, most frequent first ("429 quota exhausted ×4"). */
export function tally(values: readonly string[]): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/** The most common value in a group, for a label ("Healthcare" over "healthcare"). */
export function mostCommon(values: readonly string[]): string {
  return tally(values)[0]?.value ?? '';
}
