import { z } from 'zod';
import { withLessons } from '../../pipeline/directives/lessons.js';
import { renderTemplate } from '../../pipeline/directives/parse.js';
import type { DirectiveStore } from '../../pipeline/directives/store.js';

const DIRECTIVE = 'agent';

/**
 * The agent's system prompt and last-step notice from `directives/agent.md`, with lessons learned appended.
 * @throws AppError('not_found' | 'invalid_config') when the directive or a block is missing.
 */
export function loadAgentPrompt(
  directives: DirectiveStore,
  values: { today: string; maxModelCalls: number },
): { system: string; finalStep: string } {
  const system = renderTemplate(directives.block(DIRECTIVE, 'agent-system-prompt', z.string().min(20)), values);
  return {
    system: withLessons(system, directives, DIRECTIVE),
    finalStep: directives.block(DIRECTIVE, 'agent-final-step', z.string().min(10)),
  };
}

export const fallbackSchema = z.object({
  message: z.string().min(10),
  footer: z.string(),
  show: z.number().int().min(1).max(9),
  commands: z
    .array(z.object({ text: z.string().min(1), does: z.string().min(1), keywords: z.array(z.string()).min(1) }))
    .min(1),
});

export type FallbackConfig = z.infer<typeof fallbackSchema>;

/** The no-LLM answer's wording and command list. */
export function loadFallback(directives: DirectiveStore): FallbackConfig {
  return directives.block(DIRECTIVE, 'agent-fallback', fallbackSchema);
}
