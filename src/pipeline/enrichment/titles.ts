import { z } from 'zod';
import type { DirectiveStore } from '../directives/store.js';

/** Target titles in priority order, with the spellings that count as each. */
export interface TitlePolicy {
  readonly targets: readonly string[];
  /** Position of the best target title `title` matches (0 = best), or null when it matches none. */
  rank(title: string | null | undefined): number | null;
  /** The target title `title` counts as ("Chief Financial Officer" → "CFO"), or null. */
  canonical(title: string | null | undefined): string | null;
}

/** Titles that contain a target's words but are someone else's job. */
const NOT_THE_PERSON = /\b(assistant|intern|former|retired|ex|product owner|process owner|student)\b/;

const ABBREVIATIONS: [RegExp, string][] = [
  [/\bvice\s+president\b/g, 'vp'],
  [/\b(svp|evp|avp)\b/g, 'vp'],
  [/\bsr\b/g, 'senior'],
  [/\bdir\b/g, 'director'],
  [/\bmgr\b/g, 'manager'],
  [/\bops\b/g, 'operations'],
  [/\bfin\b/g, 'finance'],
];

/**
 * Lower-cases and simplifies a job title for matching: punctuation, "of/the/and/for" dropped, "Vice President" →
 * "vp", so "VP, Finance", "Vice-President of Finance" and "vp finance" all read "vp finance".
 */
export function normalizeTitleText(text: string): string {
  let t = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ');
  t = t.replace(/\b(of|the|and|for|at|in)\b/g, ' ').replace(/\s+/g, ' ');
  for (const [pattern, replacement] of ABBREVIATIONS) t = t.replace(pattern, replacement);
  return t.replace(/\s+/g, ' ').trim();
}

const containsPhrase = (haystack: string, needle: string) =>
  needle.length > 0 && ` ${haystack} `.includes(` ${needle} `);

/** Builds a policy from the directive's lists. */
export function createTitlePolicy(
  targets: readonly string[],
  aliases: Record<string, readonly string[]> = {},
): TitlePolicy {
  const spellings = targets.map((target) => {
    const extra = Object.entries(aliases).find(([k]) => normalizeTitleText(k) === normalizeTitleText(target))?.[1];
    return [target, ...(extra ?? [])].map(normalizeTitleText).filter(Boolean);
  });
  const rank = (title: string | null | undefined): number | null => {
    if (!title) return null;
    const t = normalizeTitleText(title);
    if (!t || NOT_THE_PERSON.test(t)) return null;
    const index = spellings.findIndex((list) => list.some((s) => containsPhrase(t, s)));
    return index === -1 ? null : index;
  };
  return {
    targets,
    rank,
    canonical(title) {
      const r = rank(title);
      return r === null ? null : (targets[r] ?? null);
    },
  };
}

const targetsSchema = z.array(z.string().trim().min(1)).min(1, 'list at least one title');
const aliasesSchema = z.record(z.string(), z.array(z.string().trim().min(1)));

/**
 * Reads `target-titles` (required) and `title-aliases` (optional) from directives/enrichment.md.
 * @throws AppError('invalid_config') naming the block that is wrong.
 */
export function loadTitlePolicy(directives: DirectiveStore, name = 'enrichment'): TitlePolicy {
  const targets = directives.block(name, 'target-titles', targetsSchema);
  const hasAliases = 'title-aliases' in directives.get(name).blocks;
  const aliases = hasAliases ? directives.block(name, 'title-aliases', aliasesSchema) : {};
  return createTitlePolicy(targets, aliases);
}
