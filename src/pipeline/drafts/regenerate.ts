import { AppError } from '../../errors.js';
import type { Actor } from '../approvals/ports.js';
import type { RunHandle } from '../runs/recorder.js';
import { allowedAngles, angleForCompany } from '../writer/angles.js';
import { loadWriterDirective } from '../writer/directive.js';
import { type DraftContent, draftForCompany } from '../writer/draft-for-company.js';
import type { DraftGateDeps, RegenerateOutcome } from './gate.js';
import { storeDraft } from './store-draft.js';

const MAX_INSTRUCTIONS = 1000;

/**
 * A new Writer ⇄ Critic cycle for a pending draft. The angle: the one named in `options.angle`; with instructions
 * only, the same angle (the reviewer is refining this draft); with neither, a fresh draw from the win-rate table
 * leaving out the previous angle. Without a model nothing can follow instructions, so the draw happens then too and
 * `note` says so. The old draft becomes superseded (its approval is recorded as rejected by the
 * actor, "Regenerated as draft #N") and the new one, pending, inherits its Slack card.
 */
export async function regenerate(
  id: number,
  options: { instructions?: string; angle?: string },
  actor: Actor,
  deps: DraftGateDeps,
): Promise<RegenerateOutcome> {
  const instructions = options.instructions?.trim() || null;
  if (instructions && instructions.length > MAX_INSTRUCTIONS)
    throw new AppError(
      'invalid_input',
      `Instructions must be at most ${MAX_INSTRUCTIONS} characters (got ${instructions.length})`,
    );
  const previous = await deps.drafts.get(id);
  if (!previous) throw new AppError('not_found', `No draft with id ${id}`);
  const state = await deps.approvals.request({
    kind: 'draft',
    subjectId: String(id),
    runId: previous.runId,
    requestedBy: 'writer',
    at: deps.now(),
  });
  if (state.status !== 'pending' || previous.status !== 'pending') {
    const current = (await deps.drafts.currentForCompany(previous.companyId)) ?? previous;
    return { applied: false, draft: current, previous, approval: state, runId: null };
  }
  const lead = (await deps.companies.listLeads({ ids: [previous.companyId], limit: 1 }))[0];
  if (!lead) throw new AppError('not_found', `Company ${previous.companyId} of draft ${id} no longer exists`);
  const contact =
    (await deps.contacts.primaryFor(lead.company.id)) ??
    (previous.contactId ? await deps.contacts.get(previous.contactId) : undefined);
  const angles = loadWriterDirective(deps.directives).angles;
  const keepable = allowedAngles(angles, lead.company, lead.features).some((a) => a.key === previous.angle);
  const modelless = instructions !== null && !deps.llm.available();
  const note = modelless
    ? "No model is available to follow the instructions, so the new draft is written from another angle's template."
    : undefined;
  const fixed = options.angle
    ? { key: options.angle, reason: `chosen by ${actor.name ?? actor.id} when regenerating draft #${id}` }
    : instructions && !modelless && keepable
      ? { key: previous.angle, reason: `kept from draft #${id}: the reviewer's instructions refine it` }
      : undefined;
  const { angle, allowed } = angleForCompany({
    angles,
    company: lead.company,
    features: lead.features,
    winRates: await deps.winRates.all(),
    random: deps.random,
    fixed,
    exclude: previous.angle,
  });
  const run = await deps.recorder.start({
    kind: 'write',
    trigger: actor.source,
    requestedBy: actor.id,
    input: { regenerate: id, instructions, angle: angle.key },
  });
  try {
    const content = await run.step(`regenerate draft #${id}`, () =>
      draftForCompany(
        { lead, contact: contact ?? null, angle, allowed: allowed.map((a) => a.key), instructions },
        { ...deps, run },
      ),
    );
    const outcome = {
      ...(await replaceDraft(id, content, { instructions, actor, run }, deps)),
      ...(note ? { note } : {}),
    };
    if (outcome.applied) await run.count({ draftsCreated: 1, lowConfidence: outcome.draft.lowConfidence ? 1 : 0 });
    await run.complete(
      outcome.applied
        ? `Draft #${id} regenerated as #${outcome.draft.id} (${outcome.draft.angle}, ${outcome.draft.criticScore}/10)`
        : `Draft #${id} was decided while regenerating; nothing replaced`,
    );
    return outcome;
  } catch (err) {
    await run.fail(err);
    throw err;
  }
}

/** Atomically supersedes draft `id` with the new content, unless someone decided it meanwhile. */
async function replaceDraft(
  id: number,
  content: DraftContent,
  ctx: { instructions: string | null; actor: Actor; run: RunHandle },
  deps: DraftGateDeps,
): Promise<RegenerateOutcome> {
  const { instructions, actor, run } = ctx;
  return deps.tx(async (): Promise<RegenerateOutcome> => {
    const fresh = (await deps.drafts.get(id))!;
    const approval = (await deps.approvals.get('draft', String(id)))!;
    if (fresh.status !== 'pending' || approval.status !== 'pending') {
      const current = (await deps.drafts.currentForCompany(fresh.companyId)) ?? fresh;
      return { applied: false, draft: current, previous: fresh, approval, runId: run.id };
    }
    const at = deps.now();
    await deps.drafts.update(id, { status: 'superseded' }, at);
    const created = await storeDraft(content, { runId: run.id, replacesDraftId: id }, deps);
    if (!created) throw new AppError('conflict', `Company ${fresh.companyId} already has another current draft`);
    const card =
      fresh.slackChannel && fresh.slackTs ? { slackChannel: fresh.slackChannel, slackTs: fresh.slackTs } : null;
    if (card) {
      await deps.drafts.update(created.id, card, at);
      await deps.approvals.attachMessage('draft', String(created.id), card.slackChannel, card.slackTs, at);
    }
    const reason = `Regenerated as draft #${created.id}${instructions ? `: ${instructions}` : ''}`;
    const result = await deps.approvals.decide({
      kind: 'draft',
      subjectId: String(id),
      decision: 'rejected',
      actor,
      reason,
      at,
    });
    return {
      applied: true,
      draft: (await deps.drafts.get(created.id))!,
      previous: (await deps.drafts.get(id))!,
      approval: result.record,
      runId: run.id,
    };
  });
}
