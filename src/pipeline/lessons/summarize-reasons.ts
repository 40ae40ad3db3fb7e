import { z } from 'zod';
import { isAppError } from '../../errors.js';
import { renderTemplate } from '../directives/parse.js';
import type { LlmPort } from '../llm/ports.js';
import type { RunHandle } from '../runs/recorder.js';
import { hasUrl } from './evidence.js';
import type { LessonSettings } from './settings.js';

const SUMMARY_MAX = 200;

export interface ReasonSummary {
  text: string;
  source: 'llm' | 'rules';
}

/**
 * Summarises the reasons people gave for rejecting leads in one short sentence: the model when it answers with one
 * sentence of at most 200 characters and no URL, otherwise `rulesSummary` (the most common phrases with counts).
 */
export async function summarizeReasons(
  reasons: readonly string[],
  rulesSummary: string,
  deps: { llm: LlmPort; settings: LessonSettings; run?: RunHandle },
): Promise<ReasonSummary> {
  const rules: ReasonSummary = { text: rulesSummary, source: 'rules' };
  if (reasons.length === 0 || !deps.llm.available()) return rules;
  try {
    const answer = await deps.llm.structured({
      name: 'lessons.summarize_reasons',
      system: deps.settings.prompts.rejectionSystem,
      prompt: renderTemplate(deps.settings.prompts.rejectionPrompt, {
        count: reasons.length,
        reasons: JSON.stringify(reasons).replace(/<\/?reasons>/gi, ''),
      }),
      schema: z.object({ summary: z.string().min(1).max(1000).describe('one sentence, at most 200 characters') }),
      schemaName: 'reason_summary',
      run: deps.run,
      temperature: 0,
    });
    const text = answer.summary.replace(/\s+/g, ' ').trim();
    if (text.length > SUMMARY_MAX || hasUrl(text) || text.split(/(?<=[.!?])\s+(?=\S)/).length > 1) return rules;
    return { text, source: 'llm' };
  } catch (err) {
    if (!isAppError(err)) throw err;
    return rules;
  }
}
