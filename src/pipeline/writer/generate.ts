import { z } from 'zod';
import { renderTemplate } from '../directives/parse.js';
import { fallsBackFromModel } from '../llm/fallback.js';
import type { LlmPort } from '../llm/ports.js';
import type { RunHandle } from '../runs/recorder.js';
import { contextValues, type WriterContext } from './context.js';
import type { WriterDirective } from './directive.js';

/** One attempt's text: what the Writer produced and how. */
export interface DraftText {
  reasoning: string;
  /** The angle the text was written with (the chosen one unless a reviewer asked for another). */
  angle: string;
  subject: string;
  body: string;
  generatedBy: 'llm' | 'template';
}

/** The previous attempt and the Critic's feedback on it, for a rewrite. */
export interface RewriteRequest {
  previous: DraftText;
  score: number;
  feedback: string[];
}

export interface GenerateDeps {
  llm: LlmPort;
  run?: RunHandle;
}

const draftSchema = z.object({
  reasoning: z.string().min(1).max(1500).describe('REASONING: two or three sentences on the reader and the angle'),
  angle: z.string().min(1).max(60).describe('ANGLE: exactly the angle you were given'),
  subject: z.string().min(3).max(150).describe('SUBJECT: under 70 characters, specific to this company'),
  body: z.string().min(20).max(3000).describe('BODY: the email, greeting to sign-off, under 130 words'),
});

/**
 * Writes one attempt: the model when it answers (a rewrite when `rewrite` is given), otherwise the angle's template
 * from directives/writer.md. Never throws for a missing or failing model; the text says how it was made.
 */
export async function generateDraftText(
  ctx: WriterContext,
  directive: WriterDirective,
  deps: GenerateDeps,
  rewrite?: RewriteRequest,
): Promise<DraftText> {
  if (!deps.llm.available()) return fromTemplate(ctx, directive, 'no model available');
  const values = contextValues(ctx, directive.templates);
  let prompt = renderTemplate(directive.prompt, values);
  if (rewrite) {
    prompt += `\n\n${renderTemplate(directive.rewritePrompt, {
      score: rewrite.score,
      angle: ctx.angle.key,
      previousSubject: rewrite.previous.subject,
      previousBody: rewrite.previous.body,
      feedback: rewrite.feedback.map((f) => `- ${f}`).join('\n'),
    })}`;
  }
  try {
    const out = await deps.llm.structured({
      name: rewrite ? 'writer.rewrite' : 'writer.draft',
      system: directive.system,
      prompt,
      schema: draftSchema,
      schemaName: 'email_draft',
      run: deps.run,
      companyId: ctx.company.id,
    });
    return {
      ...out,
      angle: recordedAngle(ctx, out.angle),
      subject: out.subject.trim(),
      body: out.body.trim(),
      generatedBy: 'llm',
    };
  } catch (err) {
    // A spent model budget pauses the writer (the run resumes when it is raised) rather than writing templates.
    if (!fallsBackFromModel(err, 'pause')) throw err;
    const why = err.code === 'llm_unavailable' ? 'no model available' : `the model failed (${err.message})`;
    return fromTemplate(ctx, directive, why);
  }
}

/**
 * The angle to record. The chosen angle is the experiment the win-rate table learns from, so it is kept even when
 * the model drifts; only a reviewer's instructions may move the draft to another allowed angle.
 */
function recordedAngle(ctx: WriterContext, returned: string): string {
  const key = returned.trim().toLowerCase();
  return ctx.instructions && key !== ctx.angle.key && ctx.allowedAngles.includes(key) ? key : ctx.angle.key;
}

/** Fills the chosen angle's template; the reasoning says it came from a template and why. */
function fromTemplate(ctx: WriterContext, directive: WriterDirective, why: string): DraftText {
  const template = directive.templates.angles[ctx.angle.key]!;
  const values = contextValues(ctx, directive.templates);
  return {
    reasoning: `Written from the ${ctx.angle.key} template: ${why}. Angle: ${ctx.angle.reason}`,
    angle: ctx.angle.key,
    subject: renderTemplate(template.subject, values).trim(),
    body: renderTemplate(template.body, values).trim(),
    generatedBy: 'template',
  };
}
