import { isAppError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { DirectiveStore } from '../../pipeline/directives/store.js';
import type { LlmPort } from '../../pipeline/llm/ports.js';
import type { RunHandle } from '../../pipeline/runs/recorder.js';
import type { ParseMemory } from './followups.js';
import { type CompiledLexicon, loadRouterLexicon } from './lexicon.js';
import { extractWithLlm, type LlmReading } from './llm-extract.js';
import { type ParseOutcome, parseMessage } from './parse.js';
import { renderCommand } from './render.js';
import type { Reading, RouteDecision } from './types.js';

export interface RouterDeps {
  directives: DirectiveStore;
  llm: LlmPort;
  logger?: Logger;
}

export interface RouteOptions {
  memory?: ParseMemory;
  /** Never call the LLM (`--no-llm`). */
  noLlm?: boolean;
  run?: RunHandle;
}

export interface Router {
  route(text: string, options?: RouteOptions): Promise<RouteDecision>;
  /** The compiled directive (help text, replies, thresholds). */
  lexicon(): CompiledLexicon;
}

function fromOutcome(o: ParseOutcome, llmCalls: number): RouteDecision {
  const { settled: _settled, ...rest } = o;
  return { ...rest, llmCalls };
}

function question(lex: CompiledLexicon, readings: Reading[]): string {
  const [first, second] = readings.map((r) => `\`${r.text}\``);
  const template = second ? lex.replies.clarify : first ? lex.replies.clarifyOne : lex.replies.unknown;
  return (template ?? '').replace('{first}', first ?? '').replace('{second}', second ?? '');
}

/** Combines the parser's outcome with the LLM's reading: act at ≥ clarify threshold, else ask. */
function merge(lex: CompiledLexicon, parsed: ParseOutcome, llm: LlmReading): RouteDecision {
  const threshold = lex.thresholds.clarify;
  const confidence = Math.round(llm.confidence * 100) / 100;
  if (llm.valid && llm.confidence >= threshold) {
    if (llm.route === 'intent' && llm.intent) {
      return {
        route: 'intent',
        intent: llm.intent,
        args: llm.args,
        confidence,
        llmCalls: 1,
        readings: [],
        reason: 'llm',
      };
    }
    if (llm.route === 'direct') {
      return { route: 'direct', intent: llm.intent, args: {}, confidence, llmCalls: 1, readings: [], reason: 'llm' };
    }
    if (llm.route === 'agent') {
      return { route: 'agent', intent: null, args: {}, confidence, llmCalls: 1, readings: [], reason: 'llm' };
    }
  }
  const readings: Reading[] = [];
  if (llm.route === 'intent' && llm.intent && llm.valid) {
    readings.push({
      intent: llm.intent,
      args: llm.args,
      text: renderCommand(llm.intent, llm.args, lex.industryLabels),
    });
  }
  for (const r of parsed.readings)
    if (readings.length < 2 && !readings.some((x) => x.text === r.text)) readings.push(r);
  const best = readings[0];
  return {
    route: 'clarify',
    intent: best?.intent ?? null,
    args: best?.args ?? {},
    confidence: Math.min(confidence, parsed.confidence, threshold - 0.01),
    llmCalls: 1,
    readings,
    question: question(lex, readings),
    reason: `llm unsure (${confidence})`,
  };
}

/**
 * The three-tier, confidence-gated router: the deterministic parser first; when it is unsure (and an LLM is
 * available and allowed) one structured LLM call; below the clarify threshold a question with the likeliest
 * readings. Never throws for LLM failures: it falls back to the parser's answer.
 */
export function createRouter(deps: RouterDeps): Router {
  const lexicon = () => loadRouterLexicon(deps.directives);
  return {
    lexicon,
    async route(text, options = {}) {
      const lex = lexicon();
      const memory = options.memory ?? {};
      const parsed = parseMessage(text, lex, memory);
      if (parsed.settled || options.noLlm || !deps.llm.available()) return fromOutcome(parsed, 0);
      try {
        const llm = await extractWithLlm(text, parsed, memory, { llm: deps.llm, lex, run: options.run });
        return merge(lex, parsed, llm);
      } catch (err) {
        const code = isAppError(err) ? err.code : 'internal';
        deps.logger?.warn({ err: (err as Error).message, code }, 'router: LLM extraction failed; using the parser');
        return { ...fromOutcome(parsed, 1), reason: `${parsed.reason}; llm failed (${code})` };
      }
    },
  };
}
