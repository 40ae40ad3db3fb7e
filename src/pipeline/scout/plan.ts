import { z } from 'zod';
import { withLessons } from '../directives/lessons.js';
import { renderTemplate } from '../directives/parse.js';
import type { DirectiveStore } from '../directives/store.js';
import { fallsBackFromModel } from '../llm/fallback.js';
import type { LlmPort } from '../llm/ports.js';
import type { RunHandle } from '../runs/recorder.js';
import type { IndustryMatch, IndustryTable } from './directive.js';
import { plural } from './vocabulary/morphology.js';

const MIN_VARIANTS = 3;
const MAX_VARIANTS = 5;

const variantsSchema = z.object({
  variants: z
    .array(z.string().trim().min(2).max(60))
    .min(MIN_VARIANTS)
    .max(MAX_VARIANTS + 3)
    .describe('Short search phrases naming kinds of organisations, without the location'),
});

export interface PlanInput {
  industry: IndustryMatch;
  location: string;
  count: number;
  /** Variants already searched (the quality retry must bring new ones). */
  avoid: string[];
  run?: RunHandle;
}

export interface QueryPlan {
  variants: string[];
  source: 'llm' | 'synonyms';
}

export interface PlanDeps {
  llm: LlmPort;
  directives: DirectiveStore;
  industries: IndustryTable;
}

const key = (v: string) =>
  v
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * Writes 3–5 query variants for a search: the LLM when one answers with valid output, otherwise the directive's
 * synonym table (the same input always gives the same variants). Never repeats a phrase in `avoid`.
 */
export async function planQueries(input: PlanInput, deps: PlanDeps): Promise<QueryPlan> {
  if (deps.llm.available()) {
    try {
      const out = await deps.llm.structured({
        name: 'scout.plan_queries',
        system: withLessons(
          deps.directives.get('scout').blocks['scout-plan-system'] as string,
          deps.directives,
          'scout',
        ),
        prompt: renderTemplate(deps.directives.get('scout').blocks['scout-plan-prompt'] as string, {
          industry: input.industry.label,
          location: input.location,
          count: input.count,
          avoid: input.avoid.length > 0 ? input.avoid.join('; ') : 'none',
          variants: `${MIN_VARIANTS} to ${MAX_VARIANTS}`,
        }),
        schema: variantsSchema,
        run: input.run,
        temperature: input.avoid.length > 0 ? 0.7 : 0.2,
      });
      const variants = fresh(out.variants, input.avoid).slice(0, MAX_VARIANTS);
      if (variants.length >= MIN_VARIANTS - 1) return { variants, source: 'llm' };
    } catch (err) {
      // A spent model budget plans deterministically, as without a model: the search itself costs nothing.
      if (!fallsBackFromModel(err, 'fallback')) throw err;
    }
  }
  return { variants: synonymVariants(input, deps.industries), source: 'synonyms' };
}

/** "craft brewery" → "craft breweries". */
function pluralPhrase(phrase: string): string {
  const parts = phrase.split(' ');
  const last = parts.pop() ?? '';
  return [...parts, /s$/.test(last) ? last : plural(last)].join(' ');
}

function fresh(variants: readonly string[], avoid: readonly string[]): string[] {
  const seen = new Set(avoid.map(key));
  const out: string[] = [];
  for (const v of variants) {
    const k = key(v);
    if (!k || seen.has(k)) continue;
    seen.add(k);
    out.push(v.trim());
  }
  return out;
}

/**
 * The deterministic plan, skipping phrases already searched: the user's term first, then the presets' names for the
 * same kind ("breweries" → "craft breweries"); the table's queries only when the term names the whole category.
 */
export function synonymVariants(input: Pick<PlanInput, 'industry' | 'avoid'>, table: IndustryTable): string[] {
  const m = input.industry;
  const whole = m.isCategory ?? m.known;
  const entry = whole ? table[m.key] : undefined;
  const words = m.label;
  const kinds = (m.kinds ?? []).map((k) => pluralPhrase(k.split('/')[0]!.trim().toLowerCase()));
  const pool = entry
    ? [...entry.queries, ...entry.synonyms.filter((s) => s.split(' ').length > 1 || s.endsWith('s'))]
    : m.isCategory === undefined
      ? [words, `${words} companies`, `${words} businesses`, `${words} services`, `local ${words}`, `${words} firms`]
      : [words, ...kinds, `${words} near me`, `local ${words}`, `${words} companies`];
  const variants = fresh(pool, input.avoid);
  const wanted = input.avoid.length === 0 ? 4 : MAX_VARIANTS;
  return variants.slice(0, wanted).length > 0 ? variants.slice(0, wanted) : [`${words} near me`];
}
