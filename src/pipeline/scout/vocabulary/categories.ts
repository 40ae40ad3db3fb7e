import { z } from 'zod';
import { loadIcpProfile } from '../../analyst/profile.js';
import type { DirectiveStore } from '../../directives/store.js';
import { matchKey } from './morphology.js';
import type { BusinessType } from './presets.js';

/** The ICP profile's industry categories as the vocabulary needs them (all from `directives/icp.md`). */
export interface IndustryCategories {
  /** Category key → what it is called: key, label and aliases, as match keys ("senior living", "nursing home"). */
  names: Record<string, string[]>;
  /** Category key → its label ("senior living"). */
  labels: Record<string, string>;
  /** Category key → the OpenStreetMap tags of places in it ("amenity=veterinary", or a key alone). */
  tags: Record<string, string[]>;
}

const industryTagsSchema = z.record(
  z.string(),
  z.array(z.string().regex(/^[a-z_:]+(=[\w:-]+)?$/, 'must look like amenity=hospital or office')),
);

/**
 * Reads the categories from the ICP directive: `industries` and `industryAliases` of the profile and the
 * `icp-industry-tags` block. @throws AppError('invalid_config') when either block is invalid.
 */
export function loadIndustryCategories(directives: DirectiveStore): IndustryCategories {
  const profile = loadIcpProfile(directives);
  const tags = directives.block('icp', 'icp-industry-tags', industryTagsSchema);
  const names: Record<string, string[]> = {};
  const labels: Record<string, string> = {};
  for (const [key, row] of Object.entries(profile.industries)) {
    const label = key.replace(/_/g, ' ');
    labels[key] = label;
    const aliases = (profile.industryAliases[key] ?? []).map((a) => a.replace(/_/g, ' '));
    names[key] = [...new Set([label, row.label ?? label, ...aliases].map(matchKey))];
  }
  return { names, labels, tags };
}

/** The category a phrase names outright ("hospitals" → healthcare), or undefined. */
export function categoryNamed(phrase: string, categories: IndustryCategories): string | undefined {
  const key = matchKey(phrase.replace(/_/g, ' '));
  return Object.keys(categories.names).find((c) => categories.names[c]!.includes(key));
}

/** The OpenStreetMap tags of a business type as "key=value" strings, the main tag first. */
export function typeTags(type: BusinessType): string[] {
  return Object.entries(type.tags).map(([k, v]) => `${k}=${v}`);
}

/** The category whose tags include a type's main tag (or its key alone), most types first; undefined when none. */
export function categoryOfTypes(types: readonly BusinessType[], categories: IndustryCategories): string | undefined {
  const votes = new Map<string, number>();
  for (const t of types) {
    const [main] = typeTags(t);
    if (!main) continue;
    const key = main.split('=')[0]!;
    for (const [c, list] of Object.entries(categories.tags)) {
      if (list.includes(main) || list.includes(key)) votes.set(c, (votes.get(c) ?? 0) + 1);
    }
  }
  let best: string | undefined;
  for (const [c, n] of votes) if (best === undefined || n > votes.get(best)!) best = c;
  return best;
}
