import { renderTemplate } from '../../pipeline/directives/parse.js';
import { type Analysed, analyse } from './analyse.js';
import { approvalCandidate, pickedChoice } from './approvals.js';
import { type Candidate, type Scored, scoreCandidate } from './candidate.js';
import { companyInfoCandidate } from './company.js';
import { matchDirect } from './direct.js';
import { moreCandidate, type ParseMemory, redoCandidate } from './followups.js';
import { listDraftsCandidate, listLeadsCandidate, searchCandidate } from './intents-find.js';
import {
  digestCandidate,
  pipelineStatusCandidate,
  runStageCandidate,
  suppressCandidate,
  winRatesCandidate,
} from './intents-other.js';
import type { CompiledLexicon } from './lexicon.js';
import { renderCommand } from './render.js';
import { findTraps, type Traps } from './traps.js';
import type { Reading, RouteDecision, TrapKind } from './types.js';

/** The deterministic parser's answer. `settled` means no LLM call could improve it. */
export interface ParseOutcome extends Omit<RouteDecision, 'llmCalls'> {
  settled: boolean;
  /** For direct answers: which reply text to use. */
  replyKey?: string;
}

const BUILDERS = [
  searchCandidate,
  listLeadsCandidate,
  listDraftsCandidate,
  pipelineStatusCandidate,
  winRatesCandidate,
  runStageCandidate,
  companyInfoCandidate,
  digestCandidate,
  suppressCandidate,
];

function candidates(a: Analysed, mem: ParseMemory): Scored[] {
  const list: Candidate[] = [];
  for (const build of BUILDERS) {
    const c = build(a);
    if (c) list.push(c);
  }
  for (const build of [moreCandidate, redoCandidate, approvalCandidate]) {
    const c = build(a, mem);
    if (c) list.push(c);
  }
  // A reading with everything it needs beats one that would have to ask.
  const rank = (s: Scored) => s.confidence - (s.candidate.missing ? 0.1 : 0);
  return list.map((c) => scoreCandidate(a, c)).sort((x, y) => rank(y) - rank(x));
}

function reading(lex: CompiledLexicon, c: Candidate): Reading {
  return { intent: c.intent, args: c.args, text: renderCommand(c.intent, c.args, lex.industryKeys) };
}

function ask(lex: CompiledLexicon, key: string, values: Record<string, string | number | undefined> = {}): string {
  return renderTemplate(lex.replies[key] ?? lex.replies.unknown ?? key, values);
}

function clarifyQuestion(lex: CompiledLexicon, readings: Reading[]): string {
  const [first, second] = readings.map((r) => `\`${r.text}\``);
  if (!first) return ask(lex, 'unknown');
  return second ? ask(lex, 'clarify', { first, second }) : ask(lex, 'clarifyOne', { first });
}

type Outcome = ParseOutcome;

function agent(trap: TrapKind | undefined, reason: string, best?: Scored): Outcome {
  return {
    route: 'agent',
    intent: null,
    args: {},
    confidence: 0.9,
    readings: [],
    trap,
    reason,
    settled: true,
    ...(best ? {} : {}),
  };
}

function missing(lex: CompiledLexicon, best: Scored, mem: ParseMemory): Outcome {
  const c = best.candidate;
  const args = c.args;
  const readings: Reading[] = [];
  let question: string;
  switch (c.missing) {
    case 'context':
      question = ask(lex, 'noContext');
      break;
    case 'shown':
      question = ask(lex, 'noShown');
      readings.push({ intent: 'list_leads', args: { status: 'pending' }, text: 'show pending leads' });
      break;
    case 'location':
      question = ask(lex, 'askLocation', { industry: args.industry?.replace(/_/g, ' '), count: args.count });
      if (mem.lastSearch) {
        const r = { ...c, args: { ...args, location: mem.lastSearch.location } };
        readings.push(reading(lex, r));
      }
      break;
    case 'industry':
      question = ask(lex, 'askIndustry', { location: args.location, count: args.count });
      if (mem.lastSearch) readings.push(reading(lex, { ...c, args: { ...args, industry: mem.lastSearch.industry } }));
      break;
    case 'company':
      question = ask(lex, 'askCompany');
      break;
    case 'target':
      question = ask(lex, 'askTarget');
      break;
    default:
      question = ask(lex, 'askStage');
  }
  return {
    route: 'clarify',
    intent: c.intent,
    args,
    confidence: Math.min(best.confidence, 0.5),
    readings,
    question,
    reason: `missing ${c.missing}`,
    trap: c.missing === 'shown' ? 'approval_without_context' : undefined,
    settled: true,
  };
}

function negation(lex: CompiledLexicon, scored: Scored[]): Outcome {
  const suppress = scored.find((s) => s.candidate.intent === 'suppress' && s.candidate.args.target);
  const readings = suppress ? [reading(lex, suppress.candidate)] : [];
  return {
    route: 'clarify',
    intent: suppress ? 'suppress' : null,
    args: suppress ? suppress.candidate.args : {},
    confidence: 0.3,
    readings,
    question: suppress ? clarifyQuestion(lex, readings) : ask(lex, 'negation'),
    trap: 'negation',
    reason: 'negation',
    settled: true,
  };
}

const ACTIONS = new Set(['run_stage', 'suppress']);

/** "would you send the drafts now?": an action asked about rather than asked for. */
function modalQuestion(a: Analysed, intent: string): boolean {
  return ACTIONS.has(intent) && a.norm.question && ['would', 'will'].includes(a.keys[0] ?? '');
}

const FILTERABLE = new Set(['search_companies', 'list_leads', 'list_drafts']);

/** "law firms in Austin *with a website*": a clause after the request that the parser cannot explain. */
function filtered(a: Analysed, traps: Traps, best: Scored): boolean {
  if (!FILTERABLE.has(best.candidate.intent)) return false;
  const first = Math.min(...best.candidate.used);
  const loose = new Set([...best.unexplained, ...best.conflicts]);
  return traps.filters.some((start) => {
    if (start <= first) return false;
    for (let i = start; i < a.tokens.length && a.tokens[i]!.kind !== 'sep'; i++) if (loose.has(i)) return true;
    return false;
  });
}

/**
 * Joins ("and then", ";", ", run …") between the chosen intent and another intent's words, or between its anchor
 * and another reading's anchor ("list drafts *and* win rates").
 */
function severalRequests(a: Analysed, traps: Traps, best: Scored, scored: Scored[]): boolean {
  const joins = [
    ...traps.joins,
    ...a.tokens.flatMap((t, i) =>
      t.kind === 'comma' && [...(a.tagsAt[i + 1] ?? [])].some((x) => x.startsWith('verb.') || x.startsWith('stage.'))
        ? [i]
        : [],
    ),
  ];
  if (joins.length === 0) return false;
  if (best.conflicts.length > 0) return true;
  const mine = best.candidate.anchor.length > 0 ? best.candidate.anchor : [...best.candidate.used];
  return scored.some((s) => {
    const other = s.candidate;
    if (s === best || other.intent === best.candidate.intent || other.anchor.length === 0) return false;
    if (other.anchor.some((i) => best.candidate.used.has(i))) return false;
    const between = (x: number[], y: number[]) => joins.some((j) => j > Math.max(...x) && j < Math.min(...y));
    return between(mine, other.anchor) || between(other.anchor, mine);
  });
}

/**
 * The deterministic parser: tier 1 and the tier-2 catalogue with a confidence, traps routed to the agent or to a
 * clarifying question, and conversation memory applied ("more", "what about Rochester?", "approve the first two").
 */
export function parseMessage(text: string, lex: CompiledLexicon, mem: ParseMemory = {}): ParseOutcome {
  return decide(analyse(text, lex), lex, mem, 0);
}

function decide(a: Analysed, lex: CompiledLexicon, mem: ParseMemory, depth: number): Outcome {
  const words = a.tokens.filter((t) => t.kind !== 'comma' && t.kind !== 'sep');
  if (words.length === 0) {
    const replyKey = a.norm.emojis.length > 0 ? 'ack' : 'emptyHelp';
    return {
      route: 'direct',
      intent: replyKey === 'ack' ? 'thanks' : 'help',
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
    return {
      route: 'direct',
      intent: direct.intent,
      args: {},
      confidence: 0.97,
      readings: [],
      reason: 'tier 1',
      replyKey: direct.replyKey,
      settled: true,
    };
  }
  const traps = findTraps(a);
  const scored = candidates(a, mem);
  if (traps.negation) return negation(lex, scored);
  if (traps.hypothetical) return agent('hypothetical', 'hypothetical');
  if (traps.should) return agent('should', 'question about whether to act');
  if (traps.aboutCommand) return agent('about_command', 'question about a command');
  const best = scored[0];
  if (traps.exception) {
    return {
      route: 'clarify',
      intent: best?.candidate.intent ?? null,
      args: best?.candidate.args ?? {},
      confidence: 0.3,
      readings: [],
      question: ask(lex, 'exception'),
      trap: 'exception',
      reason: 'exception',
      settled: true,
    };
  }
  if (!best) {
    if (traps.reasoning.length > 0) return agent('reasoning', 'open-ended');
    const route = words.length >= 3 ? 'agent' : 'clarify';
    return {
      route,
      intent: null,
      args: {},
      confidence: 0.2,
      readings: [],
      question: ask(lex, 'unknown'),
      reason: 'no intent matched',
      settled: false,
    };
  }
  const c = best.candidate;
  if (c.multi || severalRequests(a, traps, best, scored)) return agent('multi_request', 'several requests');
  const reasoning = traps.reasoning.filter((i) => best.unexplained.includes(i) || best.conflicts.includes(i));
  if (reasoning.length > 0) return agent('reasoning', 'open-ended');
  if (filtered(a, traps, best)) return agent('reasoning', 'a filter no command can express');
  if (c.missing) return missing(lex, best, mem);
  if (c.outOfRange !== undefined) {
    const fixed = { ...c, args: { ...c.args, count: Math.min(100, Math.max(1, c.outOfRange)) } };
    const readings = [reading(lex, fixed)];
    return {
      route: 'clarify',
      intent: c.intent,
      args: c.args,
      confidence: 0.5,
      readings,
      question: `${ask(lex, 'countRange', { count: c.outOfRange })} ${clarifyQuestion(lex, readings)}`,
      reason: 'count out of range',
      settled: true,
    };
  }
  const capped = modalQuestion(a, c.intent) ? Math.min(best.confidence, 0.75) : best.confidence;
  if (capped < best.confidence) best.confidence = capped;
  const rival = scored.find(
    (s) =>
      s !== best && s.candidate.intent !== c.intent && !s.candidate.missing && s.confidence >= best.confidence - 0.08,
  );
  if (best.confidence >= lex.thresholds.confident && !rival) {
    return {
      route: 'intent',
      intent: c.intent,
      args: c.args,
      confidence: best.confidence,
      readings: [],
      reason: 'parsed',
      settled: true,
    };
  }
  const readings = distinctReadings(lex, scored);
  return {
    route: best.confidence >= 0.45 || readings.length > 0 ? 'clarify' : 'agent',
    intent: c.intent,
    args: c.args,
    confidence: rival ? Math.min(best.confidence, 0.6) : best.confidence,
    readings,
    question: clarifyQuestion(lex, readings),
    reason: rival ? `ambiguous: ${c.intent} or ${rival.candidate.intent}` : 'unexplained words',
    settled: false,
  };
}

function distinctReadings(lex: CompiledLexicon, scored: Scored[]): Reading[] {
  const out: Reading[] = [];
  for (const s of scored) {
    if (s.candidate.missing || s.candidate.outOfRange !== undefined || s.confidence < 0.4) continue;
    const r = reading(lex, s.candidate);
    if (!out.some((o) => o.text === r.text)) out.push(r);
    if (out.length === 2) break;
  }
  return out;
}

/** Tier-2 commands closest to an open-ended request, one per part of it ("find X and enrich them" → two). */
export function closestCommands(text: string, lex: CompiledLexicon, mem: ParseMemory = {}): Reading[] {
  const a = analyse(text, lex);
  const parts: string[] = [];
  let current: string[] = [];
  a.tokens.forEach((t, i) => {
    const join = t.kind === 'sep' || [...a.tagsAt[i]!].some((x) => x === 'trap.conjunction');
    if (join && current.length > 0) {
      parts.push(current.join(' '));
      current = [];
    } else if (!join) current.push(t.orig);
  });
  if (current.length > 0) parts.push(current.join(' '));
  const out: Reading[] = [];
  for (const part of parts.length > 1 ? [text, ...parts] : [text]) {
    const scored = candidates(analyse(part, lex), mem).filter((s) => !s.candidate.missing && s.confidence >= 0.4);
    for (const s of scored.slice(0, 2)) {
      const r = reading(lex, s.candidate);
      if (!out.some((o) => o.text === r.text)) out.push(r);
    }
  }
  return out.slice(0, 4);
}
