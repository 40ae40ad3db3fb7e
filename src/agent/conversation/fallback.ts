import type { Reply } from '../ports.js';
import type { ParseMemory } from '../router/followups.js';
import type { CompiledLexicon } from '../router/lexicon.js';
import { closestCommands } from '../router/parse.js';

/**
 * Tier 3 without a language model: say so, list what leadbot can do right now, and offer the tier-2 commands
 * closest to the request as choices ("find law firms in Austin and enrich them" → the search, then `run enrich`).
 */
export function noLlmAnswer(text: string, lex: CompiledLexicon, memory: ParseMemory): Reply {
  const closest = closestCommands(text, lex, memory);
  const lines = [lex.replies.noLlm ?? 'No language model is available right now.'];
  if (closest.length > 0) {
    lines.push('', 'Closest commands:', ...closest.map((r, i) => `${i + 1}. \`${r.text}\``));
  }
  lines.push('', lex.help);
  const choices = closest.map((r) => ({ label: r.text, text: r.text }));
  return { text: lines.join('\n'), choices: choices.length > 0 ? choices : undefined };
}
