import { analyse } from './analyse.js';
import { candidates } from './collect.js';
import type { ParseMemory } from './followups.js';
import type { CompiledLexicon } from './lexicon.js';
import { reading } from './outcomes.js';
import type { Reading } from './types.js';

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
    const scored = candidates(analyse(part, lex), mem).filter((s) => !s.candidate.missing && s.confidence >= 0.25);
    for (const s of scored.slice(0, 2)) {
      const r = reading(lex, s.candidate);
      if (!out.some((o) => o.text === r.text)) out.push(r);
    }
  }
  return out.slice(0, 4);
}
