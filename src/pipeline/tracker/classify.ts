import { z } from 'zod';
import type { LlmPort } from '../llm/ports.js';
import type { RunHandle } from '../runs/recorder.js';
import { classifyByRules, classifyHumanByRules } from './classify-rules.js';
import { type InboundMessage, ownText } from './reply-text.js';
import type { ReplyClass, RuleVerdict } from './verdict.js';

export interface Classification extends Omit<RuleVerdict, 'classification'> {
  classification: ReplyClass;
  source: 'rules' | 'llm' | 'fallback';
}

const intentSchema = z.object({
  intent: z.enum(['positive', 'neutral', 'negative', 'question']).describe('what the person wants'),
  reason: z.string().max(200).describe('one short clause explaining the choice'),
});

/**
 * Classifies a reply: rules first (bounces, auto-replies, out-of-office with the return date, unsubscribe,
 * "no longer with"), then the LLM for what a person wrote (positive / neutral / negative / question), with a
 * rule-based fallback when no model answers. The reply text is data for the model, never instructions.
 */
export async function classifyReply(
  msg: InboundMessage,
  deps: { llm: LlmPort; prompt: () => string; now: () => Date },
  run?: RunHandle,
): Promise<Classification> {
  const rules = classifyByRules(msg, deps.now());
  if (rules) return { ...rules, source: 'rules' };
  const own = ownText(msg.text).text || msg.text;
  if (deps.llm.available()) {
    try {
      const verdict = await deps.llm.structured({
        name: 'tracker.classify_reply',
        system: deps.prompt(),
        prompt: `Subject: ${msg.subject}\n\n<reply>\n${own.slice(0, 4000)}\n</reply>`,
        schema: intentSchema,
        run,
      });
      return { classification: verdict.intent, reason: verdict.reason, source: 'llm' };
    } catch {
      // fall through to the rules
    }
  }
  const fallback = classifyHumanByRules(msg.text);
  return { ...fallback, source: 'fallback' };
}
