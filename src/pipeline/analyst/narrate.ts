import { z } from 'zod';
import type { CompanyRecord } from '../companies/ports.js';
import { withLessons } from '../directives/lessons.js';
import { renderTemplate } from '../directives/parse.js';
import type { DirectiveStore } from '../directives/store.js';
import { fallsBackFromModel } from '../llm/fallback.js';
import type { LlmPort } from '../llm/ports.js';
import type { RunHandle } from '../runs/recorder.js';
import { describeField } from './format.js';
import { checkReason } from './reason-check.js';
import type { ScoreBreakdown } from './score.js';

export const ANALYST_DIRECTIVE = 'analyst';

/** The narration prompt and the fallback template, from `directives/analyst.md`. */
export interface NarrationPrompts {
  system: string;
  prompt: string;
  template: string;
}

export interface Narration {
  reason: string;
  source: 'llm' | 'template';
  /** Why the model's sentence was not used, when it was not. */
  refused?: string;
}

export type NarratedCompany = Pick<CompanyRecord, 'name' | 'city' | 'state'>;

export interface NarrateDeps {
  llm: LlmPort;
  prompts: NarrationPrompts;
  run?: RunHandle;
}

/**
 * Reads the narration blocks of the analyst directive.
 * @throws AppError('invalid_config') when a block is missing, ('not_found') when the directive is.
 */
export function loadNarrationPrompts(store: DirectiveStore): NarrationPrompts {
  const text = z.string().min(1);
  return {
    system: withLessons(store.block(ANALYST_DIRECTIVE, 'narrate-system', text), store, ANALYST_DIRECTIVE),
    prompt: store.block(ANALYST_DIRECTIVE, 'narrate-prompt', text),
    template: store.block(ANALYST_DIRECTIVE, 'reason-template', text),
  };
}

/** The facts the model may use, one per line, every figure already formatted. */
export function buildFacts(company: NarratedCompany, b: ScoreBreakdown): string {
  const f = b.figures;
  const assumedWhy = (field: string) => b.assumed.find((a) => a.field === field)?.reason;
  const note = (field: string) => (assumedWhy(field) ? ` (assumed: ${assumedWhy(field)})` : '');
  const where = [company.city, company.state].filter(Boolean).join(', ') || 'location unknown';
  const lines = [
    `Company: ${company.name} (${where})`,
    `Industry: ${b.inputs.industry} (fit: ${b.inputs.fit ?? 'not in the profile'})`,
    `Score: ${f.score} of ${f.scoreMax}, ${b.tier} tier`,
    `Sites: ${f.sites}${note('site_count')}`,
    `Building size per site: ${f.buildingSqft} sq ft${note('building_sqft')}`,
    `Employees: ${f.employees ?? 'unknown'}`,
    b.inputs.state
      ? `State: ${b.inputs.state} (${b.deregulated ? 'deregulated' : 'regulated'} market)`
      : `State: unknown (${assumedWhy('state')}; US average rates assumed; deregulation unknown)`,
    `Estimated annual utility spend: ${f.annualSpend}`,
    `Estimated annual savings: ${f.savingsLow} (${f.savingsPctLow}) to ${f.savingsHigh} (${f.savingsPctHigh}), midpoint ${f.savingsMid} (${f.savingsPctMid})`,
    `Data known: ${f.dataQuality}`,
    `Score components: ${b.components.map((c) => `${c.label} ${f[`${c.id}.points`]} points at weight ${f[`${c.id}.weight`]}`).join('; ')}`,
  ];
  if (b.unknown.length > 0) lines.push(`Unknown: ${b.unknown.map(describeField).join(', ')}`);
  return lines.map((l) => `- ${l}`).join('\n');
}

/** The deterministic reason from the directive's template. */
export function templateReason(template: string, company: NarratedCompany, b: ScoreBreakdown): string {
  const sites = b.unknown.includes('site_count') ? null : b.inputs.sites;
  const siteText = sites === null ? 'A' : sites === 1 ? 'Single-site' : `${sites}-site`;
  const stateText =
    b.inputs.state === null ? 'an unknown state' : b.deregulated ? `deregulated ${b.inputs.state}` : b.inputs.state;
  const gapText = b.unknown.length > 0 ? `; unknown: ${b.unknown.map(describeField).join(', ')}` : '';
  const text = renderTemplate(template, {
    siteText,
    industry: b.inputs.industry,
    stateText,
    savingsMid: b.figures.savingsMid,
    savingsLow: b.figures.savingsLow,
    savingsHigh: b.figures.savingsHigh,
    annualSpend: b.figures.annualSpend,
    score: b.score,
    tier: b.tier,
    gapText,
    company: company.name,
  });
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Writes the one-sentence `score_reason`: the model narrates from the breakdown, code checks the sentence
 * (one sentence, only figures from the breakdown) and falls back to the template. Never throws for LLM trouble.
 */
export async function narrateScore(company: NarratedCompany, b: ScoreBreakdown, deps: NarrateDeps): Promise<Narration> {
  const fallback = (refused?: string): Narration => ({
    reason: templateReason(deps.prompts.template, company, b),
    source: 'template',
    ...(refused ? { refused } : {}),
  });
  if (!deps.llm.available()) return fallback();
  const call = () =>
    deps.llm.text({
      name: 'analyst.narrate',
      system: deps.prompts.system,
      prompt: renderTemplate(deps.prompts.prompt, { company: company.name, facts: buildFacts(company, b) }),
      temperature: 0.2,
    });
  let reply: string;
  try {
    reply = deps.run
      ? await deps.run.step('analyst.narrate', call, { kind: 'llm', input: { company: company.name, score: b.score } })
      : await call();
  } catch (err) {
    if (!fallsBackFromModel(err, 'fallback')) throw err;
    return fallback(`model call failed: ${err.message}`);
  }
  const check = checkReason(reply, b.figures, company.name);
  if (check.ok) return { reason: check.sentence, source: 'llm' };
  await deps.run?.log({
    kind: 'llm',
    name: 'analyst.narrate.refused',
    status: 'skipped',
    input: { company: company.name },
    output: `${check.why}: ${reply}`,
  });
  return fallback(check.why);
}
