import { z } from 'zod';
import type { CompanyFeatures, CompanyRecord } from '../companies/ports.js';
import { renderTemplate } from '../directives/parse.js';
import type { DirectiveStore } from '../directives/store.js';
import type { CriticCriterion } from '../drafts/ports.js';
import { fallsBackFromModel } from '../llm/fallback.js';
import type { LlmPort } from '../llm/ports.js';
import type { RunHandle } from '../runs/recorder.js';
import {
  type CheckedFigure,
  checkCallToAction,
  checkFigures,
  checkPersonalised,
  checkSubject,
  estimateSoundsHuman,
  findTells,
  type SavingsEstimate,
} from './checks.js';
import { type CriticSettings, loadCriticSettings } from './settings.js';
import { quote } from './text.js';

export interface CritiqueInput {
  subject: string;
  body: string;
  company: CompanyRecord;
  features: CompanyFeatures | null;
}

export interface CritiqueDeps {
  llm: LlmPort;
  directives: DirectiveStore;
  run?: RunHandle;
}

export interface Critique {
  /** 0–10. */
  score: number;
  /** Score at or above the pass mark and no hard failure. */
  passed: boolean;
  passAt: number;
  criteria: CriticCriterion[];
  /** One line per criterion that lost points, for the rewrite and the card. */
  feedback: string[];
  /** Failures that fail the draft whatever its score (an invented dollar figure). */
  hardFailures: string[];
  figures: CheckedFigure[];
}

const ORDER: CriticCriterion['key'][] = [
  'personalised',
  'specific_number',
  'clear_cta',
  'sounds_human',
  'subject_specific',
];

const verdictSchema = z.object({
  points: z.number().int().min(0).max(2).describe('0, 1 or 2: how much the email reads like a person wrote it'),
  note: z.string().min(1).max(400).describe('One sentence: what to change, or what works'),
});

const estimateOf = (features: CompanyFeatures | null): SavingsEstimate => ({
  low: features?.savingsLow ?? null,
  mid: features?.savingsMid ?? null,
  high: features?.savingsHigh ?? null,
});

/**
 * Scores a draft on the five-criterion rubric. Code checks the company name, every dollar figure against the
 * Analyst's estimate, the single ask, the subject and the banned phrases; the model judges only whether it sounds
 * human (a rule-based estimate when no model answers, or when `useLlm` is false).
 * @throws AppError('invalid_config') when directives/critic.md is broken.
 */
export async function critiqueDraft(
  input: CritiqueInput,
  deps: CritiqueDeps,
  options: { useLlm?: boolean } = {},
): Promise<Critique> {
  const settings = loadCriticSettings(deps.directives);
  const { subject, body, company } = input;
  const figures = checkFigures(subject, body, company, estimateOf(input.features), settings.figureTolerance);
  const human =
    options.useLlm === false || !deps.llm.available()
      ? estimateSoundsHuman(subject, body, settings)
      : await judgeSoundsHuman(input, settings, deps);
  const criteria = [
    checkPersonalised(body, company),
    figures.criterion,
    checkCallToAction(body, settings.ctaPhrases),
    human,
    checkSubject(subject, company, figures.figures),
  ].sort((a, b) => ORDER.indexOf(a.key) - ORDER.indexOf(b.key));
  const score = criteria.reduce((total, c) => total + c.points, 0);
  return {
    score,
    passed: score >= settings.passAt && figures.hardFailures.length === 0,
    passAt: settings.passAt,
    criteria,
    feedback: criteria.filter((c) => c.points < 2).map((c) => `${c.key} (${c.points}/2): ${c.note}`),
    hardFailures: figures.hardFailures,
    figures: figures.figures,
  };
}

/** The model's verdict on tone, capped by the banned phrases code found; the rule-based estimate if it fails. */
async function judgeSoundsHuman(
  input: CritiqueInput,
  settings: CriticSettings,
  deps: CritiqueDeps,
): Promise<CriticCriterion> {
  try {
    const verdict = await deps.llm.structured({
      name: 'critic.sounds_human',
      system: settings.system,
      prompt: renderTemplate(settings.prompt, { subject: input.subject, body: input.body }),
      schema: verdictSchema,
      schemaName: 'sounds_human',
      temperature: 0,
      run: deps.run,
      companyId: input.company.id,
    });
    const tells = findTells(input.subject, input.body, settings);
    const points = Math.max(0, Math.min(verdict.points, 2 - tells.length)) as CriticCriterion['points'];
    const note = tells.length > 0 ? `${verdict.note} Uses ${tells.map((t) => quote(t)).join(', ')}.` : verdict.note;
    return { key: 'sounds_human', points, note, checkedBy: 'llm' };
  } catch (err) {
    if (!fallsBackFromModel(err, 'pause')) throw err;
    return estimateSoundsHuman(input.subject, input.body, settings);
  }
}
