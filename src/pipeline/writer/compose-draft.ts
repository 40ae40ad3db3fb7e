import { type Critique, critiqueDraft } from '../critic/critique.js';
import { loadCriticSettings } from '../critic/settings.js';
import type { DirectiveStore } from '../directives/store.js';
import type { LlmPort } from '../llm/ports.js';
import type { RunHandle } from '../runs/recorder.js';
import type { WriterContext } from './context.js';
import { loadWriterDirective } from './directive.js';
import { type DraftText, generateDraftText, type RewriteRequest } from './generate.js';

export interface ComposeDraftDeps {
  llm: LlmPort;
  directives: DirectiveStore;
  run?: RunHandle;
}

/** The attempt kept, its verdict, and whether the Writer ever reached the pass mark. */
export interface ComposedDraft {
  text: DraftText;
  critique: Critique;
  /** Writer attempts made (1 + rewrites). */
  attempts: number;
  lowConfidence: boolean;
  lowConfidenceReasons: string[];
  /** Score of every attempt, in order. */
  scores: number[];
}

const sameText = (a: DraftText, b: DraftText) => a.subject === b.subject && a.body === b.body;

/**
 * Writer ⇄ Critic: writes a draft, scores it, and below the pass mark rewrites it with the Critic's per-criterion
 * feedback, at most `maxRewrites` times (directives/critic.md). A draft that never passes keeps its best attempt,
 * flagged low confidence with the reasons.
 * @throws AppError('invalid_config') when a directive is broken.
 */
export async function composeDraft(ctx: WriterContext, deps: ComposeDraftDeps): Promise<ComposedDraft> {
  const directive = loadWriterDirective(deps.directives);
  const { maxRewrites } = loadCriticSettings(deps.directives);
  const attempts: { text: DraftText; critique: Critique }[] = [];
  let rewrite: RewriteRequest | undefined;
  for (let i = 0; i <= maxRewrites; i++) {
    const text = await generateDraftText(ctx, directive, deps, rewrite);
    // A template cannot take feedback: the same text again would only repeat the verdict.
    if (text.generatedBy === 'template' && attempts.some((a) => sameText(a.text, text))) break;
    const critique = await critiqueDraft(
      { subject: text.subject, body: text.body, company: ctx.company, features: ctx.features },
      deps,
    );
    await deps.run?.log({
      kind: 'tool',
      name: 'critic.score',
      status: 'ok',
      input: { company: ctx.company.name, attempt: i + 1, generatedBy: text.generatedBy, angle: text.angle },
      output: { score: critique.score, passed: critique.passed, feedback: critique.feedback },
    });
    attempts.push({ text, critique });
    if (critique.passed) break;
    rewrite = { previous: text, score: critique.score, feedback: critique.feedback };
  }
  const best = attempts.reduce((keep, a) => (a.critique.passed || a.critique.score >= keep.critique.score ? a : keep));
  const passed = best.critique.passed;
  return {
    text: best.text,
    critique: best.critique,
    attempts: attempts.length,
    lowConfidence: !passed,
    lowConfidenceReasons: passed ? [] : lowConfidenceReasons(best, attempts.length),
    scores: attempts.map((a) => a.critique.score),
  };
}

function lowConfidenceReasons(best: { text: DraftText; critique: Critique }, attempts: number): string[] {
  const { critique } = best;
  const head =
    critique.hardFailures.length > 0
      ? `Failed the Critic's code checks after ${attempts} attempt(s) (score ${critique.score}/10)`
      : `Scored ${critique.score}/10 after ${attempts} attempt(s); ${critique.passAt} passes`;
  const template =
    best.text.generatedBy === 'template'
      ? ['Written from a template without a model, so it could not be rewritten']
      : [];
  return [head, ...template, ...critique.feedback];
}
