import { type Analysed, analyse } from './analyse.js';
import { pickedChoice } from './approvals.js';
import type { Scored } from './candidate.js';
import { filtered, modalQuestion, severalRequests } from './checks.js';
import { candidates } from './collect.js';
import { matchDirect } from './direct.js';
import type { ParseMemory } from './followups.js';
import type { CompiledLexicon } from './lexicon.js';
import {
  agentOutcome,
  ask,
  clarifyQuestion,
  distinctReadings,
  missingOutcome,
  negationOutcome,
  optionsOutcome,
  type ParseOutcome,
  rangeOutcome,
} from './outcomes.js';
import { findTraps, type Traps } from './traps.js';

export type { ParseOutcome } from './outcomes.js';
export { closestCommands } from './suggest.js';

/**
 * The deterministic parser: tier 1 and the tier-2 catalogue with a confidence, traps routed to the agent or to a
 * clarifying question, and conversation memory applied ("more", "what about Rochester?", "approve the first two").
 */
export function parseMessage(text: string, lex: CompiledLexicon, mem: ParseMemory = {}): ParseOutcome {
  return decide(analyse(text, lex), lex, mem, 0);
}

function decide(a: Analysed, lex: CompiledLexicon, mem: ParseMemory, depth: number): ParseOutcome {
  const words = a.tokens.filter((t) => t.kind !== 'comma' && t.kind !== 'sep');
  if (words.length === 0) {
    const replyKey = a.norm.emojis.length > 0 ? 'ack' : 'emptyHelp';
    const intent = replyKey === 'ack' ? 'thanks' : 'help';
    return {
      route: 'direct',
      intent,
      args: {},
      confidence: 0.95,
      readings: [],
      reason: 'empty',
      replyKey,
      settled: true,
    };
  }
  const picked = depth === 0 ? pickedChoice(a, mem) : undefined;
  if (picked) {
    const out = decide(analyse(picked, lex), lex, { ...mem, choices: undefined }, 1);
    return { ...out, reason: `choice: ${out.reason}` };
  }
  const direct = matchDirect(a);
  if (direct) {
    const { intent, replyKey } = direct;
    return {
      route: 'direct',
      intent,
      args: {},
      confidence: 0.97,
      readings: [],
      reason: 'tier 1',
      replyKey,
      settled: true,
    };
  }
  const traps = findTraps(a);
  const scored = candidates(a, mem);
  if (traps.hypothetical) return agentOutcome('hypothetical', 'hypothetical');
  if (traps.should) return agentOutcome('should', 'question about whether to act');
  if (traps.aboutCommand) return agentOutcome('about_command', 'question about a command');
  if (traps.negation) return negationOutcome(lex, scored);
  if (traps.statement) return agentOutcome('statement', 'a remark, not a request');
  const best = scored[0];
  if (traps.exception) {
    const { intent = null, args = {} } = best?.candidate ?? {};
    const question = ask(lex, 'exception');
    return {
      route: 'clarify',
      intent,
      args,
      confidence: 0.3,
      readings: [],
      question,
      trap: 'exception',
      reason: 'exception',
      settled: true,
    };
  }
  if (!best) {
    if (traps.reasoning.length > 0) return agentOutcome('reasoning', 'open-ended');
    const route = words.length >= 3 ? 'agent' : 'clarify';
    const question = ask(lex, 'unknown');
    return {
      route,
      intent: null,
      args: {},
      confidence: 0.2,
      readings: [],
      question,
      reason: 'no intent matched',
      settled: false,
    };
  }
  return judge(a, lex, mem, traps, scored, best);
}

/** The best reading against the remaining traps, its completeness and its rivals. */
function judge(
  a: Analysed,
  lex: CompiledLexicon,
  mem: ParseMemory,
  traps: Traps,
  scored: Scored[],
  best: Scored,
): ParseOutcome {
  const c = best.candidate;
  // "vet hospitals and dog groomers in Omaha": one search, two kinds — ask which (not a filter or a second step).
  const plain = traps.filters.length === 0 && traps.reasoning.length === 0;
  const [from, to] = [Math.min(...(c.optionTokens ?? [0])), Math.max(...(c.optionTokens ?? [0]))];
  if (c.options && plain && traps.joins.every((j) => j > from && j < to)) return optionsOutcome(lex, c);
  if (c.multi || severalRequests(a, traps, best, scored)) return agentOutcome('multi_request', 'several requests');
  const reasoning = traps.reasoning.filter((i) => best.unexplained.includes(i) || best.conflicts.includes(i));
  if (reasoning.length > 0) return agentOutcome('reasoning', 'open-ended');
  if (filtered(a, traps, best)) return agentOutcome('reasoning', 'a filter no command can express');
  if (c.missing) return missingOutcome(lex, best, mem);
  if (c.outOfRange !== undefined) return rangeOutcome(lex, c);
  const confidence = modalQuestion(a, c.intent) ? Math.min(best.confidence, 0.75) : best.confidence;
  const rival = scored.find(
    (s) => s !== best && s.candidate.intent !== c.intent && !s.candidate.missing && s.confidence >= confidence - 0.08,
  );
  if (confidence >= lex.thresholds.confident && !rival) {
    return {
      route: 'intent',
      intent: c.intent,
      args: c.args,
      confidence,
      readings: [],
      reason: 'parsed',
      settled: true,
    };
  }
  const readings = distinctReadings(lex, scored);
  return {
    route: confidence >= 0.45 || readings.length > 0 ? 'clarify' : 'agent',
    intent: c.intent,
    args: c.args,
    confidence: rival ? Math.min(confidence, 0.6) : confidence,
    readings,
    question: clarifyQuestion(lex, readings),
    reason: rival ? `ambiguous: ${c.intent} or ${rival.candidate.intent}` : 'unexplained words',
    settled: false,
  };
}
