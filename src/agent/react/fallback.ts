import { renderTemplate } from '../../pipeline/directives/parse.js';
import type { AgentReply } from './ports.js';
import type { FallbackConfig } from './prompt.js';

type Command = FallbackConfig['commands'][number];

const stem = (word: string) => (word.length > 3 ? word.replace(/ies$/, 'y').replace(/(?<!s)s$/, '') : word);
const words = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean)
      .map(stem),
  );

/** The commands sharing the most keywords with `text`, best first; the first few when nothing matches. */
export function closestCommands(text: string, commands: Command[], show: number): Command[] {
  const asked = words(text);
  const scored = commands.map((command, index) => ({
    command,
    index,
    score: command.keywords.filter((k) => asked.has(stem(k.toLowerCase()))).length,
  }));
  const matched = scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score || a.index - b.index);
  return (matched.length > 0 ? matched : scored).slice(0, show).map((s) => s.command);
}

/**
 * What a tier-3 request gets when no model is reachable: why, and the closest tier-2 commands as text and as
 * buttons that send the command. No model call.
 */
export function buildFallbackReply(text: string, config: FallbackConfig, llmLabel: string, lead?: string): AgentReply {
  const commands = closestCommands(text, config.commands, config.show);
  const lines = [
    ...(lead ? [lead] : []),
    renderTemplate(config.message, { llm: llmLabel }),
    ...commands.map((c) => `• \`${c.text}\` — ${c.does}`),
    config.footer,
  ];
  return {
    text: lines.join('\n'),
    choices: commands.map((c) => ({ label: c.text, text: c.text })),
    modelCalls: 0,
    toolCalls: [],
    data: { llmAvailable: false, suggestions: commands.map((c) => c.text) },
  };
}
