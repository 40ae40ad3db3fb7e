import { categoryNamed, categoryOfTypes, type IndustryCategories, typeTags } from './vocabulary/categories.js';
import { singular, words } from './vocabulary/morphology.js';
import type { IndustryVocabulary } from './vocabulary/vocabulary.js';
import { GENERIC_HEADS } from './vocabulary/vocabulary.js';

/** What a search is for: the user's term, and separately the ICP category it is scored as (if any). */
export interface IndustryMatch {
  /** Stored on companies and used for statistics: the ICP category, or the term when outside the profile. */
  key: string;
  /** The user's term as searched ("veterinary hospitals"). */
  label: string;
  /** The term maps to an ICP category. */
  known: boolean;
  /** The ICP category ("veterinary"), when the term maps to one. */
  category?: string;
  /** The category's label ("senior living"). */
  categoryLabel?: string;
  /** The term names the category itself ("healthcare", "hotels"): the category's own query list applies. */
  isCategory?: boolean;
  /** OpenStreetMap tag sets for the term itself ("craft=brewery"); several tags of one set are joined by "+". */
  osmTags?: string[];
  /** Names of the kinds of place the term was matched to ("Craft Brewery"). */
  kinds?: string[];
  /** A broader search for when nothing specific is known, said on the cards ("schools", for "charter schools"). */
  broader?: { label: string; osmTags: string[] };
}

/** The user's words as a term: lower case, single spaces, without a generic head ("SaaS companies" → "saas"). */
export function foldTerm(text: string): string {
  const ws = text
    .toLowerCase()
    .replace(/_/g, ' ')
    .replace(/[^\p{L}\p{N}&'’ -]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  while (ws.length > 1 && (GENERIC_HEADS.has(singular(ws[ws.length - 1]!)) || ws[ws.length - 1] === 'space')) ws.pop();
  while (ws.length > 1 && ['the', 'a', 'an', 'some'].includes(ws[0]!)) ws.shift();
  return ws.join(' ');
}

/** Removes tag sets that another chosen set is contained in ("amenity=restaurant" covers the cuisine subtypes). */
function minimal(sets: string[][]): string[] {
  const kept = sets.filter((s) => !sets.some((o) => o !== s && o.length < s.length && o.every((t) => s.includes(t))));
  return [...new Set(kept.map((s) => s.join('+')))];
}

/**
 * Resolves a user's industry term: the OpenStreetMap kinds it names (from the presets), the ICP category it is
 * scored as (the category's own name or alias, else the category whose tags include those kinds, else the category
 * its modifier or head names: "real estate brokers" → property management), and a labelled broader fallback.
 */
export function matchIndustry(
  text: string,
  ctx: { vocabulary: IndustryVocabulary; categories: IndustryCategories },
): IndustryMatch {
  const term = foldTerm(text) || text.trim().toLowerCase();
  const named = categoryNamed(term, ctx.categories);
  const found = ctx.vocabulary.match(term);
  const ws = words(term);
  const category =
    named ??
    categoryOfTypes(found.types, ctx.categories) ??
    (ws.length > 1 ? categoryNamed(ws.slice(0, -1).join(' '), ctx.categories) : undefined) ??
    (ws.length > 1 ? categoryNamed(ws[ws.length - 1]!, ctx.categories) : undefined);
  const own = minimal(found.types.map(typeTags));
  const osmTags = named && own.length === 0 ? (ctx.categories.tags[named] ?? []) : own;
  const isCategory = named !== undefined && [named, ctx.categories.labels[named]].includes(term.replace(/ /g, '_'));
  let broader: IndustryMatch['broader'];
  if (osmTags.length > 0) broader = undefined;
  else if (found.broader.length > 0) {
    broader = { label: found.broader[0]!.name.toLowerCase(), osmTags: minimal(found.broader.map(typeTags)) };
  } else if (category && ctx.categories.tags[category]?.length) {
    broader = { label: ctx.categories.labels[category] ?? category, osmTags: ctx.categories.tags[category]! };
  }
  return {
    key: category ?? term,
    label: term,
    known: category !== undefined,
    ...(category ? { category, categoryLabel: ctx.categories.labels[category] ?? category } : {}),
    isCategory,
    osmTags,
    kinds: found.types.map((t) => t.name),
    ...(broader ? { broader } : {}),
  };
}

/**
 * The stored industry a filter on leads or win rates means: the ICP category of the user's term ("dentists" →
 * dental), or the term itself when it is outside the profile.
 */
export function storedIndustry(
  term: string,
  ctx: { vocabulary: IndustryVocabulary; categories: IndustryCategories },
): string {
  return matchIndustry(term, ctx).key;
}
