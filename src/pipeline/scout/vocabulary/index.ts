import { loadBusinessTypes } from './presets.js';
import { createIndustryVocabulary, type IndustryVocabulary } from './vocabulary.js';

export type { IndustryCategories } from './categories.js';
export { categoryNamed, loadIndustryCategories } from './categories.js';
export type { BusinessType } from './presets.js';
export type { IndustryVocabulary, TypeMatch } from './vocabulary.js';

let shared: IndustryVocabulary | undefined;

/** The OpenStreetMap presets' vocabulary, built once per process (read-only, so sharing it is safe). */
export function defaultIndustryVocabulary(): IndustryVocabulary {
  shared ??= createIndustryVocabulary(loadBusinessTypes());
  return shared;
}
