import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { Directive } from '../../pipeline/directives/parse.js';
import type { DirectiveStore } from '../../pipeline/directives/store.js';
import {
  defaultIndustryVocabulary,
  type IndustryCategories,
  type IndustryVocabulary,
  loadIndustryCategories,
} from '../../pipeline/scout/vocabulary/index.js';
import { STAGES, type Stage } from '../services.js';
import { createCorrector, editDistance } from './fuzzy.js';
import { US_STATES } from './states.js';
import { PhraseIndex, phraseKeys } from './tokens.js';

/** A list of phrases: a YAML list, or one comma-separated string (a folded `>-` block keeps the directive tidy). */
const words = z
  .union([z.array(z.string().min(1)), z.string()])
  .transform((v) => (typeof v === 'string' ? v.split(',') : v).map((w) => w.trim()).filter((w) => w.length > 0));

const LexiconSchema = z.object({
  tier1: z.object({ help: words, greeting: words, thanks: words, small_talk: words }),
  filler: words,
  social: words,
  verbs: z.object({
    search: words,
    list: words,
    run: words,
    approve: words,
    reject: words,
    deliver: words,
    add: words,
  }),
  nouns: z.object({
    company: words,
    lead: words,
    draft: words,
    score: words,
    step: words,
    target: words,
    statusWord: words,
    owned: words,
  }),
  quantity: words,
  leadStatus: z.object({ pending: words, approved: words, rejected: words }),
  draftStatus: z.object({ pending: words, approved: words, sent: words, rejected: words }),
  stages: z.object({ score: words, enrich: words, write: words, outreach: words, track: words }),
  intents: z.object({ pipeline_status: words, digest: words, win_rates: words, company_info: words, suppress: words }),
  places: z.object({ prepositions: words, parts: words, noise: words, notPlaces: words, cities: words }),
  units: words,
  common: words,
  followUps: z.object({ more: words, redo: words }),
  traps: z.object({
    negation: words,
    hypothetical: words,
    should: words,
    aboutCommand: words,
    reasoning: words,
    qualifier: words,
    exception: words,
    conjunction: words,
    filter: words,
    statement: words,
  }),
});
export type RouterLexiconData = z.infer<typeof LexiconSchema>;

const ThresholdSchema = z.object({
  confident: z.number().min(0).max(1),
  clarify: z.number().min(0).max(1),
  memoryTtlHours: z.number().positive(),
});
export type RouterThresholds = z.infer<typeof ThresholdSchema>;

const RepliesSchema = z.record(z.string(), z.string());

/** The router directive compiled for matching: phrase index with tags, industries, typo corrector, texts. */
export interface CompiledLexicon {
  thresholds: RouterThresholds;
  replies: Record<string, string>;
  help: string;
  llmSystem: string;
  /** The ICP categories (their names are the LLM's examples). */
  industryKeys: string[];
  /** Kept for callers that render commands; industries are the user's words, so this maps nothing by default. */
  industryLabels: Record<string, string>;
  /** Kinds of business (OpenStreetMap presets): recognises terms and offers neighbours in a question. */
  vocabulary: IndustryVocabulary;
  /** Every phrase → its tags ("verb.search", "stage.enrich", "industry.legal", "filler", …). */
  index: PhraseIndex<string[]>;
  filler: Set<string>;
  social: Set<string>;
  placeParts: Set<string>;
  notPlaces: Set<string>;
  units: Set<string>;
  prepositions: PhraseIndex<true>;
  placeNoise: PhraseIndex<true>;
  /** Well-known cities: recognised without "in" ("Buffalo law firms"). */
  cities: PhraseIndex<true>;
  /** Words never typo-corrected (already known). */
  known: Set<string>;
  correct: (word: string) => string | undefined;
}

function pluralVariants(phrase: string): string[] {
  const keys = phraseKeys(phrase);
  const last = keys[keys.length - 1];
  if (!last || last.length < 3 || /\d/.test(last)) return [keys.join(' ')];
  const head = keys.slice(0, -1);
  const forms = new Set([last]);
  if (/[^aeiou]y$/.test(last)) forms.add(`${last.slice(0, -1)}ies`);
  else if (/(s|x|z|ch|sh)$/.test(last)) forms.add(`${last}es`);
  else forms.add(`${last}s`);
  if (/ies$/.test(last)) forms.add(`${last.slice(0, -3)}y`);
  else if (/[^s]s$/.test(last)) forms.add(last.slice(0, -1));
  return [...forms].map((f) => [...head, f].join(' '));
}

/** What the industry vocabulary adds to the lexicon: ICP categories' names, and the presets' kinds of business. */
export interface IndustrySources {
  categories?: IndustryCategories;
  vocabulary?: IndustryVocabulary;
}

/**
 * Compiles the directive's blocks.
 * @throws AppError('invalid_config') naming the block and the problem.
 */
function compileLexicon(directive: Directive, sources: IndustrySources = {}): CompiledLexicon {
  const block = <T>(label: string, schema: z.ZodType<T>): T => {
    const parsed = schema.safeParse(directive.blocks[label]);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new AppError('invalid_config', `directives/router.md block "${label}" is missing or invalid: ${problems}`);
    }
    return parsed.data;
  };
  const lex = block('router-lexicon', LexiconSchema);
  // Industries are open vocabulary: the ICP categories' names (icp.md) and the presets' kinds of business only
  // help find where the industry is in a message; the value is always the user's own words.
  const vocabulary = sources.vocabulary ?? defaultIndustryVocabulary();
  const industries: Record<string, string[]> = { ...(sources.categories?.names ?? {}) };
  const index = new PhraseIndex<string[]>();
  const tag = (phrase: string, t: string) => {
    const keys = phraseKeys(phrase);
    const existing = index.longestAt(keys, 0);
    if (existing && existing.len === keys.length) {
      if (!existing.value.includes(t)) existing.value.push(t);
    } else index.add(keys, [t]);
  };
  const tagGroup = (prefix: string, g: Record<string, string[]>) => {
    for (const [name, list] of Object.entries(g)) for (const p of list) tag(p, `${prefix}.${name}`);
  };
  tagGroup('tier1', lex.tier1);
  tagGroup('verb', lex.verbs);
  tagGroup('noun', lex.nouns);
  for (const q of lex.quantity) tag(q, 'quantity');
  tagGroup('leadStatus', lex.leadStatus);
  tagGroup('draftStatus', lex.draftStatus);
  tagGroup('stage', lex.stages);
  tagGroup('intent', lex.intents);
  tagGroup('follow', lex.followUps);
  tagGroup('trap', lex.traps);
  for (const f of lex.filler) tag(f, 'filler');
  const reserved = new Set([
    ...index.words,
    ...lex.social.flatMap(phraseKeys),
    ...lex.common.flatMap(phraseKeys),
    ...lex.units.flatMap(phraseKeys),
    ...lex.places.notPlaces.flatMap(phraseKeys),
    ...lex.places.prepositions.flatMap(phraseKeys),
  ]);
  for (const [key, list] of Object.entries(industries)) {
    for (const p of [key.replace(/_/g, ' '), ...list]) for (const v of pluralVariants(p)) tag(v, `industry.${key}`);
  }
  for (const p of kindPhrases(vocabulary, reserved)) for (const v of pluralVariants(p)) tag(v, 'industry.kind');
  const set = (list: string[]) => new Set(list.flatMap((p) => phraseKeys(p)));
  const phraseIndex = (list: string[]) => {
    const i = new PhraseIndex<true>();
    for (const p of list) i.add(p, true);
    return i;
  };
  const thresholds = block('router-thresholds', ThresholdSchema);
  const filler = set(lex.filler);
  const social = set(lex.social);
  const placeParts = set(lex.places.parts);
  const notPlaces = set(lex.places.notPlaces);
  const units = set(lex.units);
  const prepositions = phraseIndex(lex.places.prepositions);
  const placeNoise = phraseIndex(lex.places.noise);
  const cities = phraseIndex(lex.places.cities);
  const states = Object.values(US_STATES).flatMap((n) => phraseKeys(n));
  const known = new Set([
    ...index.words,
    ...filler,
    ...social,
    ...placeParts,
    ...notPlaces,
    ...units,
    ...set(lex.common),
    ...prepositions.words,
    ...placeNoise.words,
    ...cities.words,
    ...states,
  ]);
  // Typos are corrected towards the lexicon's words and the ICP's names, never towards the presets' thousands of
  // kinds: "roasters" must not become "lobsters".
  const onlyKind = (w: string) => index.longestAt([w], 0)?.value.every((t) => t === 'industry.kind') ?? false;
  const targets = [...index.words].filter((w) => !placeParts.has(w) && !onlyKind(w));
  const kinds = createKindCorrector([...index.words].filter(onlyKind));
  const correctLexicon = createCorrector(
    targets,
    (w) => {
      const own = index.longestAt([w], 0);
      return own?.len === 1 ? (own.value.some((t) => t !== 'filler') ? 2 : 1) : 0;
    },
    (x, y) => {
      const tx = index.longestAt([x], 0);
      const ty = index.longestAt([y], 0);
      return tx?.len === 1 && ty?.len === 1 && tx.value.some((t) => t !== 'filler' && ty.value.includes(t));
    },
  );
  return {
    thresholds,
    replies: block('router-replies', RepliesSchema),
    help: block('help', z.string().min(1)),
    llmSystem: block('router-llm', z.string().min(1)),
    industryKeys: Object.keys(industries),
    industryLabels: {},
    vocabulary,
    index,
    filler,
    social,
    placeParts,
    notPlaces,
    units,
    prepositions,
    placeNoise,
    cities,
    known,
    correct: (word: string) => correctLexicon(word) ?? kinds(word),
  };
}

/**
 * Typos in the presets' kinds, for long words only and never by swapping one letter for another (that makes
 * other real words: "printing" → "painting"): a missing, extra or transposed letter ("distileries").
 */
function createKindCorrector(vocabulary: string[]): (word: string) => string | undefined {
  const byLength = new Map<number, string[]>();
  for (const w of vocabulary) byLength.set(w.length, [...(byLength.get(w.length) ?? []), w]);
  const sorted = (w: string) => [...w].sort().join('');
  return (word) => {
    if (word.length < 7 || !/^[a-z]+$/.test(word)) return undefined;
    const near = [word.length - 1, word.length, word.length + 1].flatMap((n) => byLength.get(n) ?? []);
    const hits = near.filter(
      (w) => editDistance(word, w, 1) === 1 && (w.length !== word.length || sorted(w) === sorted(word)),
    );
    return hits.length === 1 ? hits[0] : undefined;
  };
}

/**
 * Names of kinds of business worth tagging: preset names and search terms, except single words the lexicon already
 * uses for something else ("post", "track") and phrases made only of such words.
 */
function kindPhrases(vocabulary: IndustryVocabulary, reserved: Set<string>): string[] {
  const out = new Set<string>();
  for (const t of vocabulary.types) {
    for (const phrase of [...t.name.split('/'), ...t.terms]) {
      const keys = phraseKeys(phrase);
      if (keys.length === 0 || keys.length > 4 || keys.every((k) => reserved.has(k) || k.length < 3)) continue;
      if (keys.some((k) => /\d/.test(k))) continue;
      out.add(keys.join(' '));
    }
  }
  return [...out];
}

const compiled = new WeakMap<Directive, { icp: Directive | undefined; lex: CompiledLexicon }>();

/** The compiled router directive (with the ICP's categories), recompiled only when either file changed. */
export function loadRouterLexicon(directives: DirectiveStore): CompiledLexicon {
  const directive = directives.get('router');
  const icp = directives.list().includes('icp') ? directives.get('icp') : undefined;
  const cached = compiled.get(directive);
  if (cached && cached.icp === icp) return cached.lex;
  const lex = compileLexicon(directive, { categories: icp ? loadIndustryCategories(directives) : undefined });
  compiled.set(directive, { icp, lex });
  return lex;
}

/** The stage named by a tag such as "stage.enrich". */
export function stageOf(tagName: string): Stage | undefined {
  const name = tagName.split('.')[1];
  return (STAGES as readonly string[]).includes(name ?? '') ? (name as Stage) : undefined;
}
