import { z } from 'zod';
import { isAppError } from '../../errors.js';
import { renderTemplate } from '../directives/parse.js';
import type { DirectiveStore } from '../directives/store.js';
import { fallsBackFromModel } from '../llm/fallback.js';
import type { LlmPort } from '../llm/ports.js';
import type { RunHandle } from '../runs/recorder.js';
import { clip, hasUrl } from './evidence.js';
import type { LessonRecord } from './ports.js';
import type { LessonSettings } from './settings.js';

export interface Amendment {
  /** The exact text of the bullet to add under "Lessons learned". */
  amendment: string;
  rationale: string;
  source: 'llm' | 'rules';
  /** Why the model's draft was not used (no model, a failure, or the check it failed). */
  fallbackReason?: string;
}

export interface AmendDeps {
  llm: LlmPort;
  directives: DirectiveStore;
  settings: LessonSettings;
  run?: RunHandle;
}

export type AmendableLesson = Pick<LessonRecord, 'directive' | 'kind' | 'summary' | 'evidence'>;

const RATIONALE_MAX = 400;

export const amendmentSchema = z.object({
  amendment: z.string().min(1).max(2000).describe('the bullet text: one or two sentences, plain text, no URL'),
  rationale: z.string().min(1).max(2000).describe('one sentence: why, from the evidence'),
});

/** Trims a model's answer: bullet markers, wrapping quotes and surrounding space. */
export function tidy(text: string): string {
  return text
    .trim()
    .replace(/^[-*•]\s+/, '')
    .replace(/^["'“](.*)["'”]$/s, '$1')
    .trim();
}

function sentenceCount(text: string): number {
  return text.split(/(?<=[.!?])\s+(?=\S)/).filter((s) => s.trim().length > 0).length;
}

/** Why a drafted amendment is refused, or undefined when it is fine. */
export function checkAmendment(text: string, limits: LessonSettings['thresholds']['amendment']): string | undefined {
  if (text.length === 0) return 'it is empty';
  if (/[\r\n]/.test(text)) return 'it has a line break';
  if (text.length > limits.maxChars) return `it is ${text.length} characters (at most ${limits.maxChars})`;
  if (hasUrl(text)) return 'it contains a URL';
  if (/^#|```/.test(text)) return 'it contains markdown structure';
  const sentences = sentenceCount(text);
  if (sentences > limits.maxSentences) return `it has ${sentences} sentences (at most ${limits.maxSentences})`;
  return undefined;
}

/** The rule-based amendment from the lesson kind's template in directives/lessons.md. */
export function ruleAmendment(lesson: AmendableLesson, settings: LessonSettings): Omit<Amendment, 'fallbackReason'> {
  const templates = settings.templates[lesson.kind];
  const template = templates?.[lesson.evidence.variant] ?? templates?.default;
  const facts = { ...lesson.evidence.facts, count: lesson.evidence.count, unit: lesson.evidence.unit };
  const amendment = template ? renderTemplate(template.amendment, facts) : `Watch for this pattern: ${lesson.summary}.`;
  const rationale = template
    ? renderTemplate(template.rationale, facts)
    : `Seen in ${lesson.evidence.count} ${lesson.evidence.unit}.`;
  const oneLine = (t: string, max: number) => clip(t.replace(/\s+/g, ' ').trim(), max);
  return {
    amendment: oneLine(amendment, settings.thresholds.amendment.maxChars),
    rationale: oneLine(rationale, RATIONALE_MAX),
    source: 'rules',
  };
}

/**
 * Drafts the text to add under the lesson's directive "Lessons learned", and why: the model when it answers with
 * one or two short sentences and no URL, otherwise the rule-based template. Never throws for the model.
 */
export async function draftAmendment(lesson: AmendableLesson, deps: AmendDeps): Promise<Amendment> {
  const fallback = (reason: string): Amendment => ({ ...ruleAmendment(lesson, deps.settings), fallbackReason: reason });
  if (!deps.llm.available()) return fallback('no model available');
  const { prompts, thresholds } = deps.settings;
  let answer: z.infer<typeof amendmentSchema>;
  try {
    answer = await deps.llm.structured({
      name: 'lessons.amend',
      system: renderTemplate(prompts.amendmentSystem, {
        directive: lesson.directive,
        maxChars: thresholds.amendment.maxChars,
      }),
      prompt: renderTemplate(prompts.amendmentPrompt, promptValues(lesson, deps.directives)),
      schema: amendmentSchema,
      schemaName: 'amendment',
      run: deps.run,
      temperature: 0.2,
    });
  } catch (err) {
    if (!fallsBackFromModel(err, 'fallback')) throw err;
    return fallback(`the model failed: ${err.message}`);
  }
  const amendment = tidy(answer.amendment);
  const rationale = tidy(answer.rationale).replace(/\s+/g, ' ');
  const problem = checkAmendment(amendment, thresholds.amendment);
  if (problem) return fallback(`the model's amendment was refused: ${problem}`);
  if (rationale.length > RATIONALE_MAX || hasUrl(rationale))
    return fallback("the model's rationale was refused: too long or contains a URL");
  return { amendment, rationale, source: 'llm' };
}

function promptValues(lesson: AmendableLesson, directives: DirectiveStore) {
  let goal = '';
  let existing: string[] = [];
  try {
    goal = directives.section(lesson.directive, 'goal').replace(/\s+/g, ' ');
    existing = directives.get(lesson.directive).lessons;
  } catch (err) {
    if (!isAppError(err, 'not_found')) throw err;
  }
  const { evidence } = lesson;
  const data = {
    count: evidence.count,
    unit: evidence.unit,
    runs: evidence.runIds.length,
    firstSeen: evidence.firstSeen,
    lastSeen: evidence.lastSeen,
    facts: evidence.facts,
    examples: evidence.examples,
    reasons: evidence.reasons,
    reasonSummary: evidence.reasonSummary,
  };
  return {
    directive: lesson.directive,
    goal: goal || '(not stated)',
    existingLessons: existing.length > 0 ? existing.map((l) => `- ${l}`).join('\n') : '(none yet)',
    kind: lesson.kind,
    summary: lesson.summary,
    evidence: JSON.stringify(data, null, 2).replace(/<\/?evidence>/gi, ''),
  };
}
