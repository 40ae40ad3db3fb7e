import { renderTemplate } from '../../pipeline/directives/parse.js';
import type { Candidate, Scored } from './candidate.js';
import type { ParseMemory } from './followups.js';
import type { CompiledLexicon } from './lexicon.js';
import { renderCommand } from './render.js';
import type { Reading, RouteDecision, TrapKind } from './types.js';

/** The deterministic parser's answer. `settled` means no LLM call could improve it. */
export interface ParseOutcome extends Omit<RouteDecision, 'llmCalls'> {
  settled: boolean;
}

export function reading(lex: CompiledLexicon, c: Candidate): Reading {
  return { intent: c.intent, args: c.args, text: renderCommand(c.intent, c.args, lex.industryLabels) };
}

export function ask(
  lex: CompiledLexicon,
  key: string,
  values: Record<string, string | number | undefined> = {},
): string {
  return renderTemplate(lex.replies[key] ?? lex.replies.unknown ?? key, values);
}

export function clarifyQuestion(lex: CompiledLexicon, readings: Reading[]): string {
  const [first, second] = readings.map((r) => `\`${r.text}\``);
  if (!first) return ask(lex, 'unknown');
  return second ? ask(lex, 'clarify', { first, second }) : ask(lex, 'clarifyOne', { first });
}

export function agentOutcome(trap: TrapKind | undefined, reason: string): ParseOutcome {
  return {
    route: 'agent',
    intent: null,
    args: {},
    confidence: 0.9,
    readings: [],
    trap,
    reason,
    settled: true,
  };
}

/** A reading that lacks an argument: ask for it, offering what the conversation suggests. */
export function missingOutcome(lex: CompiledLexicon, best: Scored, mem: ParseMemory): ParseOutcome {
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
    case 'which':
      question = ask(lex, 'askWhich', { count: mem.shown?.length ?? 0 });
      break;
    case 'location':
      question = ask(lex, 'askLocation', {
        industry: args.industry,
        what: renderCommand('search_companies', { ...args, count: 0 }, lex.industryLabels).replace(/^find 0 /, ''),
        count: args.count,
      });
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

/** "don't …", "never mind": do nothing; offer a suppression when that is what a negation asks for. */
export function negationOutcome(lex: CompiledLexicon, scored: Scored[]): ParseOutcome {
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

/** Asked for more than a search can bring back: offer the nearest count that works. */
export function rangeOutcome(lex: CompiledLexicon, c: Candidate): ParseOutcome {
  const count = c.outOfRange ?? 10;
  const readings = [reading(lex, { ...c, args: { ...c.args, count: Math.min(100, Math.max(1, count)) } })];
  return {
    route: 'clarify',
    intent: c.intent,
    args: c.args,
    confidence: 0.5,
    readings,
    question: `${ask(lex, 'countRange', { count })} ${clarifyQuestion(lex, readings)}`,
    reason: 'count out of range',
    settled: true,
  };
}

/** The two likeliest different readings that could run as they are. */
export function distinctReadings(lex: CompiledLexicon, scored: Scored[]): Reading[] {
  const out: Reading[] = [];
  for (const s of scored) {
    if (s.candidate.missing || s.candidate.outOfRange !== undefined || s.confidence < 0.4) continue;
    // Approval ids are not positions: such a choice would not mean the same thing typed back.
    if (s.candidate.intent === 'request_approval') continue;
    const r = reading(lex, s.candidate);
    if (!out.some((o) => o.text === r.text)) out.push(r);
    if (out.length === 2) break;
  }
  return out;
}

/** Two or more industries in one search: ask which, each a choice that runs as typed. */
export function optionsOutcome(lex: CompiledLexicon, c: Candidate): ParseOutcome {
  const options = c.options ?? [];
  const readings = options.map((industry) => reading(lex, { ...c, args: { ...c.args, industry } }));
  const list = options.length > 1 ? `${options.slice(0, -1).join(', ')} or ${options[options.length - 1]}` : '';
  return {
    route: 'clarify',
    intent: c.intent,
    args: c.args,
    confidence: 0.5,
    readings: readings.slice(0, 2),
    question: ask(lex, 'askWhichIndustry', { options: list }),
    reason: 'several industries',
    settled: true,
  };
}
