import { z } from 'zod';
import { withLessons } from '../directives/lessons.js';
import type { DirectiveStore } from '../directives/store.js';

const settingsSchema = z.object({
  passAt: z.number().int().min(1).max(10),
  maxRewrites: z.number().int().min(0).max(5),
  figureTolerance: z.number().min(0).max(0.5),
  maxWords: z.number().int().positive(),
  maxSentenceWords: z.number().int().positive(),
});
const phrases = z.array(z.string().trim().min(1));

export interface CriticSettings extends z.infer<typeof settingsSchema> {
  bannedPhrases: string[];
  ctaPhrases: string[];
  system: string;
  prompt: string;
}

/**
 * The Critic's rubric settings, phrase lists and prompt from `directives/critic.md` (re-read when it changes).
 * @throws AppError('invalid_config') naming the block when one is missing or malformed.
 */
export function loadCriticSettings(directives: DirectiveStore): CriticSettings {
  return {
    ...directives.block('critic', 'critic-settings', settingsSchema),
    bannedPhrases: directives.block('critic', 'banned-phrases', phrases),
    ctaPhrases: directives.block('critic', 'cta-phrases', phrases),
    system: withLessons(directives.block('critic', 'critic-system', z.string().min(1)), directives, 'critic'),
    prompt: directives.block('critic', 'critic-prompt', z.string().min(1)),
  };
}
