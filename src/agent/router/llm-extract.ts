import { z } from 'zod';
import { renderTemplate } from '../../pipeline/directives/parse.js';
import type { LlmPort } from '../../pipeline/llm/ports.js';
import type { RunHandle } from '../../pipeline/runs/recorder.js';
import { normalizeArgs } from './args.js';
import type { ParseMemory } from './followups.js';
import type { CompiledLexicon } from './lexicon.js';
import type { ParseOutcome } from './parse.js';
import {
  CATALOGUE_INTENTS,
  type CatalogueIntent,
  DIRECT_INTENTS,
  type DirectIntent,
  ROUTES,
  type RouteArgs,
} from './types.js';

const text = z.string().nullish().describe('omit when not given');
const integer = z.union([z.number(), z.string()]).nullish().describe('an integer');

/** What the one LLM call returns. */
const LlmRouteSchema = z.object({
  route: z.enum(ROUTES).describe('direct, intent, agent or clarify'),
  intent: z.string().nullish().describe('a catalogue intent for route=intent, a direct intent for route=direct'),
  args: z
    .object({
      industry: text,
      location: text,
      count: integer,
      status: text,
      limit: integer,
      stage: text,
      company: text,
      target: text,
    })
    .partial()
    .nullish(),
  confidence: z.number().min(0).max(1).describe('probability that route, intent and args are exactly right'),
});
export type LlmRoute = z.infer<typeof LlmRouteSchema>;

export interface LlmReading {
  route: LlmRoute['route'];
  intent: CatalogueIntent | DirectIntent | null;
  args: RouteArgs;
  confidence: number;
  /** False when the model named an unknown intent or arguments that do not validate. */
  valid: boolean;
}

function describeMemory(mem: ParseMemory): string {
  const parts: string[] = [];
  if (mem.lastSearch) parts.push(`last search: ${JSON.stringify(mem.lastSearch)}`);
  if (mem.lastIntent) parts.push(`last intent: ${mem.lastIntent}`);
  if (mem.shown?.length) parts.push(`leads shown: ${mem.shown.map((s, i) => `${i + 1}. ${s.name}`).join('; ')}`);
  return parts.length > 0 ? parts.join('\n') : '(nothing yet)';
}

/** One structured LLM call: intent, arguments, confidence and route. Throws what the port throws. */
export async function extractWithLlm(
  message: string,
  parsed: ParseOutcome,
  mem: ParseMemory,
  deps: { llm: LlmPort; lex: CompiledLexicon; run?: RunHandle },
): Promise<LlmReading> {
  const { lex } = deps;
  const hint = parsed.intent
    ? `${parsed.intent} ${JSON.stringify(parsed.args)} (confidence ${parsed.confidence})`
    : 'none';
  const out = await deps.llm.structured({
    name: 'router.extract',
    system: renderTemplate(lex.llmSystem, { industries: lex.industryKeys.join(', ') }),
    prompt: `Conversation so far:\n${describeMemory(mem)}\n\nThe rule-based parser's best guess: ${hint}\n\nMessage: ${JSON.stringify(message)}`,
    schema: LlmRouteSchema,
    schemaName: 'route',
    temperature: 0,
    run: deps.run,
  });
  const rawArgs = Object.fromEntries(Object.entries(out.args ?? {}).filter(([, v]) => v !== null && v !== undefined));
  const intent = out.intent ?? null;
  if (out.route === 'intent') {
    const known = (CATALOGUE_INTENTS as readonly string[]).includes(intent ?? '');
    const args = known ? normalizeArgs(intent as CatalogueIntent, rawArgs, lex) : undefined;
    return {
      route: 'intent',
      intent: known ? (intent as CatalogueIntent) : null,
      args: args ?? {},
      confidence: out.confidence,
      valid: args !== undefined,
    };
  }
  if (out.route === 'direct') {
    const known = (DIRECT_INTENTS as readonly string[]).includes(intent ?? '');
    return {
      route: 'direct',
      intent: known ? (intent as DirectIntent) : 'small_talk',
      args: {},
      confidence: out.confidence,
      valid: true,
    };
  }
  return { route: out.route, intent: null, args: {}, confidence: out.confidence, valid: true };
}
