import type { Lead } from '../companies/ports.js';
import type { ContactRecord } from '../contacts/ports.js';
import type { DirectiveStore } from '../directives/store.js';
import type { NewDraft } from '../drafts/ports.js';
import type { LlmPort } from '../llm/ports.js';
import type { RunHandle } from '../runs/recorder.js';
import type { ChosenAngle } from './angles.js';
import { composeDraft } from './compose-draft.js';

export interface DraftForCompanyInput {
  lead: Lead;
  contact: ContactRecord | null;
  angle: ChosenAngle;
  /** Keys of the angles the company's facts allow. */
  allowed: string[];
  instructions?: string | null;
}

export interface DraftForCompanyDeps {
  llm: LlmPort;
  directives: DirectiveStore;
  senderName: string;
  run?: RunHandle;
}

/** A draft's content, ready to store (the caller adds the run, what it replaces and its status). */
export type DraftContent = Omit<NewDraft, 'runId' | 'replacesDraftId' | 'status'>;

/**
 * Writes and critiques one company's draft (Writer ⇄ Critic, up to two rewrites) and shapes it for storage with
 * its angle, scores, per-criterion breakdown, feedback and low-confidence reasons.
 * @throws AppError('invalid_config') when a directive is broken.
 */
export async function draftForCompany(input: DraftForCompanyInput, deps: DraftForCompanyDeps): Promise<DraftContent> {
  const { lead, contact, angle } = input;
  const composed = await composeDraft(
    {
      company: lead.company,
      features: lead.features,
      score: lead.score,
      contact,
      angle,
      allowedAngles: input.allowed,
      senderName: deps.senderName,
      instructions: input.instructions ?? null,
    },
    deps,
  );
  const { text, critique } = composed;
  const switched = text.angle !== angle.key;
  return {
    companyId: lead.company.id,
    contactId: contact?.id ?? null,
    angle: text.angle,
    angleMode: switched ? 'fixed' : angle.mode,
    reasoning: switched
      ? `${text.reasoning} (Angle changed from ${angle.key} at the reviewer's request.)`
      : text.reasoning,
    subject: text.subject,
    body: text.body,
    generatedBy: text.generatedBy,
    criticScore: critique.score,
    criticBreakdown: { criteria: critique.criteria },
    criticFeedback: critique.feedback,
    attempts: composed.attempts,
    lowConfidence: composed.lowConfidence,
    lowConfidenceReasons: composed.lowConfidenceReasons,
    instructions: input.instructions ?? null,
  };
}
