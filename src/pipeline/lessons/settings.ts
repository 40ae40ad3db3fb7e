import { z } from 'zod';
import type { DirectiveStore } from '../directives/store.js';

const LESSONS_DIRECTIVE = 'lessons';

const count = z.number().int().min(1);
const share = z.number().gt(0).max(1);

const thresholdsSchema = z.object({
  lookbackDays: count,
  reopenFactor: z.number().min(1),
  providerFailures: z.object({
    minRuns: count,
    cooldownDays: z.object({ auth: count, quota: count }),
    directiveByRunKind: z.record(z.string(), z.string().regex(/^[\w-]+$/)),
  }),
  enrichmentMisses: z.object({ minCompanies: count, minMissRate: share }),
  criticFailures: z.object({
    lastDrafts: count,
    minDrafts: count,
    maxPoints: z.number().int().min(0).max(2),
    minShare: share,
  }),
  scoutDrySources: z.object({ minQueries: count }),
  leadRejections: z.object({
    minRejections: count,
    minRejectionRate: share,
    minReasonShare: share,
    minLift: z.number().min(0).max(1),
    employeeBands: z.array(z.number().int().positive()).min(1),
  }),
  amendment: z.object({ maxChars: z.number().int().min(40).max(1000), maxSentences: count }),
});
export type LessonThresholds = z.infer<typeof thresholdsSchema>;

const templateSchema = z.object({ amendment: z.string().min(1), rationale: z.string().min(1) });
const templatesSchema = z.record(z.string(), z.record(z.string(), templateSchema));
export type AmendmentTemplates = z.infer<typeof templatesSchema>;

const wordsSchema = z.object({
  stopwords: z.array(z.string().min(1)),
  modifiers: z.array(z.string().min(1)),
});
export type ReasonWords = z.infer<typeof wordsSchema>;

const text = z.string().min(1);

/** Prompts for the model; `{placeholders}` are filled with renderTemplate. */
export interface LessonPrompts {
  amendmentSystem: string;
  amendmentPrompt: string;
  rejectionSystem: string;
  rejectionPrompt: string;
}

export interface LessonSettings {
  thresholds: LessonThresholds;
  templates: AmendmentTemplates;
  criticAdvice: Record<string, string>;
  words: ReasonWords;
  prompts: LessonPrompts;
}

/**
 * Everything the lesson scan reads from `directives/lessons.md` (re-read when the file changes).
 * @throws AppError('invalid_config') naming the block and the problem; ('not_found') without the directive.
 */
export function loadLessonSettings(directives: DirectiveStore): LessonSettings {
  const block = <T>(label: string, schema: z.ZodType<T>) => directives.block(LESSONS_DIRECTIVE, label, schema);
  return {
    thresholds: block('lesson-thresholds', thresholdsSchema),
    templates: block('amendment-templates', templatesSchema),
    criticAdvice: block('critic-advice', z.record(z.string(), text)),
    words: block('reason-words', wordsSchema),
    prompts: {
      amendmentSystem: block('amendment-system', text),
      amendmentPrompt: block('amendment-prompt', text),
      rejectionSystem: block('rejection-summary-system', text),
      rejectionPrompt: block('rejection-summary-prompt', text),
    },
  };
}
