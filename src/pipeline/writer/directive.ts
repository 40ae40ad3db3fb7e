import { z } from 'zod';
import { AppError } from '../../errors.js';
import { withLessons } from '../directives/lessons.js';
import type { DirectiveStore } from '../directives/store.js';

const angleSchema = z.array(
  z.object({
    key: z.string().regex(/^[a-z][a-z0-9_]*$/, 'angle keys are snake_case'),
    leadWith: z.string().min(1),
    requires: z.enum(['multi_site', 'deregulated']).optional(),
  }),
);
const templateSchema = z.object({
  greeting: z.string().min(1),
  greetingNoName: z.string().min(1),
  signOff: z.string().min(1),
  angles: z.record(z.string(), z.object({ subject: z.string().min(1), body: z.string().min(1) })),
});

export type AngleDefinition = z.infer<typeof angleSchema>[number];
export type AngleTemplates = z.infer<typeof templateSchema>;

export interface WriterDirective {
  angles: AngleDefinition[];
  templates: AngleTemplates;
  system: string;
  prompt: string;
  rewritePrompt: string;
}

/**
 * The Writer's angles, templates and prompts from `directives/writer.md` (re-read when it changes).
 * @throws AppError('invalid_config') when a block is missing or malformed, or an angle has no template.
 */
export function loadWriterDirective(directives: DirectiveStore): WriterDirective {
  const angles = directives.block('writer', 'angles', angleSchema);
  const templates = directives.block('writer', 'angle-templates', templateSchema);
  const missing = angles.filter((a) => !templates.angles[a.key]).map((a) => a.key);
  if (missing.length > 0)
    throw new AppError('invalid_config', `directives/writer.md: no template for angle(s) ${missing.join(', ')}`);
  return {
    angles,
    templates,
    system: withLessons(directives.block('writer', 'writer-system', z.string().min(1)), directives, 'writer'),
    prompt: directives.block('writer', 'writer-prompt', z.string().min(1)),
    rewritePrompt: directives.block('writer', 'rewrite-prompt', z.string().min(1)),
  };
}
