import { z } from 'zod';
import type { DirectiveStore } from '../directives/store.js';
import type { IndustryMatch } from './industry.js';

const industrySchema = z.object({
  label: z.string().min(1),
  synonyms: z.array(z.string().min(1)).default([]),
  queries: z.array(z.string().min(1)).min(1),
});

export const industryTableSchema = z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), industrySchema);
export type IndustryTable = z.infer<typeof industryTableSchema>;

export const osmTagsSchema = z.record(
  z.string(),
  z.array(z.string().regex(/^[a-z_:]+(=[\w:-]+)?$/, 'must look like amenity=hospital or office')),
);
export type OsmTagTable = z.infer<typeof osmTagsSchema>;

/** The scout directive's industry synonym table (throws invalid_config when the block is broken). */
export function loadIndustryTable(directives: DirectiveStore): IndustryTable {
  return directives.block('scout', 'scout-industries', industryTableSchema);
}

/** The ICP category → OpenStreetMap tag mapping (`directives/icp.md`), for a labelled broader search. */
export function loadOsmTags(directives: DirectiveStore): OsmTagTable {
  return directives.block('icp', 'icp-industry-tags', osmTagsSchema);
}

export type { IndustryMatch } from './industry.js';

const fold = (text: string) =>
  text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\b(companies|company|businesses|business|firms|organisations|organizations|industry|sector)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const singular = (text: string) => text.replace(/ies$/, 'y').replace(/s$/, '');

/**
 * The scout table's key for a term (CSV imports, list filters). Searches use `matchIndustry` (industry.ts).
 * Maps what a user typed ("law firms", "Hospitals", "senior_living") to an industry key. Exact key or synonym
 * first, then singular/plural forms; otherwise the folded text itself (searched as typed).
 */
export function resolveIndustry(text: string, table: IndustryTable): IndustryMatch {
  const raw = text.trim().toLowerCase();
  const folded = fold(text);
  const candidates = [raw, raw.replace(/\s+/g, '_'), folded, singular(folded)];
  for (const [key, entry] of Object.entries(table)) {
    const names = [key, key.replace(/_/g, ' '), entry.label, ...entry.synonyms].map(fold);
    const forms = new Set([...names, ...names.map(singular)]);
    if (candidates.some((c) => c === key || forms.has(fold(c))))
      return { key, label: entry.label, known: true, category: key, isCategory: true, osmTags: [], kinds: [] };
  }
  const key = folded || raw;
  return { key, label: key, known: false, isCategory: false, osmTags: [], kinds: [] };
}
