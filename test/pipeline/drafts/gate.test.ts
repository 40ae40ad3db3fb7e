import { describe, expect, it } from 'vitest';
import { describeDecision } from '../../../src/pipeline/approvals/decide-lead.js';
import { isHumanApproval } from '../../../src/pipeline/approvals/ports.js';
import { createDraftGate } from '../../../src/pipeline/drafts/gate.js';
import { writeDrafts } from '../../../src/pipeline/writer/write-drafts.js';
import { findWriteQueue } from '../../../src/pipeline/writer/write-queue.js';
import { scriptedLlm, seedLead, setupDb } from '../writer/helpers.js';

const ana = { id: 'U0ANA', name: 'Ana', source: 'slack' as const };
const bob = { id: 'U0BOB', name: 'Bob', source: 'slack' as const };

async function withDraft(seed = 1) {
  const s = setupDb(seed);
  const lead = await seedLead(s);
  const out = await writeDrafts({ trigger: 'test' }, s.deps);
  const gate = createDraftGate(s.deps);
  return { s, lead, gate, draft: out.drafts[0]! };
}

describe('Gate 2: approve', () => {
  it('records one human approval and marks the draft ready; a second click changes nothing and says who', async () => {
    const { s, gate, draft } = await withDraft();
    const first = await gate.approveDraft(draft.id, ana);
    expect(first.applied).toBe(true);
    expect(first.draft.status).toBe('approved');
    expect(isHumanApproval(first.approval)).toBe(true);
    s.clock.advance(60_000);
    const second = await gate.approveDraft(draft.id, bob);
    expect(second.applied).toBe(false);
    expect(second.approval.decidedBy).toBe('U0ANA');
    expect(describeDecision(second.approval)).toBe('Approved by <@U0ANA> · Nov 25, 09:00 UTC');
    const reject = await gate.rejectDraft(draft.id, bob, 'too long');
    expect(reject.applied).toBe(false);
    expect((await s.repos.drafts.get(draft.id))!.status).toBe('approved');
  });

  it('refuses an unknown draft', async () => {
    const { gate } = await withDraft();
    await expect(gate.approveDraft(999, ana)).rejects.toThrow('No draft with id 999');
  });
});

describe('Gate 2: reject', () => {
  it('rejects the draft with the reason and puts the company back in the write queue', async () => {
    const { s, gate, draft, lead } = await withDraft();
    const out = await gate.rejectDraft(draft.id, ana, 'wrong tone');
    expect(out).toMatchObject({
      applied: true,
      draft: { status: 'rejected' },
      approval: { status: 'rejected', reason: 'wrong tone' },
    });
    expect((await s.repos.companies.get(lead.company.id))!.status).toBe('approved');
    expect((await findWriteQueue({}, s.deps)).ready.map((q) => q.lead.company.id)).toEqual([lead.company.id]);
    const again = await writeDrafts({ trigger: 'test' }, s.deps);
    expect(again.drafts).toHaveLength(1);
    expect(again.drafts[0]!.id).not.toBe(draft.id);
    expect((await s.repos.drafts.currentForCompany(lead.company.id))!.id).toBe(again.drafts[0]!.id);
  });
});

describe('Gate 2: edit and approve', () => {
  it("saves the human's text, stores the code checks, and approves", async () => {
    const { s, gate, draft } = await withDraft();
    const edit = {
      subject: 'Lakeview Family Health: a quick idea on utility bills',
      body: 'Hi Sarah,\n\nLakeview Family Health could save about $450k a year.\n\nOpen to a call?\n\nDana',
    };
    const out = await gate.editAndApproveDraft(draft.id, edit, ana);
    expect(out.applied).toBe(true);
    expect(out.draft).toMatchObject({ ...edit, status: 'approved', generatedBy: 'human', lowConfidence: false });
    expect(out.checks.passed).toBe(false);
    expect(out.draft.criticScore).toBe(out.checks.score);
    expect(out.draft.criticFeedback.join('\n')).toContain("$450k is outside the Analyst's estimate");
    expect(out.approval).toMatchObject({ status: 'approved', decidedBy: 'U0ANA', reason: 'edited' });
    const late = await gate.editAndApproveDraft(draft.id, { subject: 'Other', body: 'Other body' }, bob);
    expect(late.applied).toBe(false);
    expect((await s.repos.drafts.get(draft.id))!.subject).toBe(edit.subject);
  });

  it('says what is wrong with an empty edit and changes nothing', async () => {
    const { s, gate, draft } = await withDraft();
    await expect(gate.editAndApproveDraft(draft.id, { subject: '  ', body: 'x' }, ana)).rejects.toThrow(
      'The subject must be 1–200 characters (got 0)',
    );
    expect((await s.repos.drafts.get(draft.id))!.status).toBe('pending');
  });
});

describe('Gate 2: regenerate', () => {
  it('writes a new pending draft with another angle; the old one is superseded and its card moves over', async () => {
    const { s, gate, draft, lead } = await withDraft();
    await gate.attachCard(draft.id, 'C123', '1700000000.000100');
    const out = await gate.regenerateDraft(draft.id, {}, ana);
    expect(out.applied).toBe(true);
    expect(out.previous.status).toBe('superseded');
    expect(out.draft).toMatchObject({
      status: 'pending',
      replacesDraftId: draft.id,
      slackChannel: 'C123',
      slackTs: '1700000000.000100',
    });
    expect(out.draft.angle).not.toBe(draft.angle);
    expect(out.approval).toMatchObject({
      status: 'rejected',
      decidedBy: 'U0ANA',
      reason: `Regenerated as draft #${out.draft.id}`,
    });
    expect(await s.repos.approvals.get('draft', String(out.draft.id))).toMatchObject({
      status: 'pending',
      slackTs: '1700000000.000100',
    });
    expect((await s.repos.drafts.currentForCompany(lead.company.id))!.id).toBe(out.draft.id);
    expect(await s.repos.runs.get(out.runId!)).toMatchObject({
      kind: 'write',
      status: 'completed',
      counters: { draftsCreated: 1 },
    });
    // The old card's buttons are now no-ops that say what happened.
    const stale = await gate.approveDraft(draft.id, bob);
    expect(stale.applied).toBe(false);
    expect(describeDecision(stale.approval)).toMatch(/^Rejected by <@U0ANA> · .* · “Regenerated as draft #\d+”$/);
    const twice = await gate.regenerateDraft(draft.id, {}, bob);
    expect(twice).toMatchObject({ applied: false, runId: null, draft: { id: out.draft.id } });
  });

  it("keeps the angle and follows the reviewer's instructions through the model", async () => {
    const { s, draft } = await withDraft();
    const body = `Hi Sarah,\n\nShort version: Lakeview Family Health could save about $135k a year.\n\nWorth a call?\n\nBest,\nDana Reyes`;
    const llm = scriptedLlm({
      'writer.draft': [
        { reasoning: 'Shorter, as asked.', angle: draft.angle, subject: 'Lakeview Family Health, in short', body },
      ],
      'critic.sounds_human': [{ points: 2, note: 'Natural.' }],
    });
    const out = await createDraftGate({ ...s.deps, llm: llm.port }).regenerateDraft(
      draft.id,
      { instructions: 'Make it shorter' },
      ana,
    );
    expect(out.draft).toMatchObject({
      angle: draft.angle,
      angleMode: 'fixed',
      instructions: 'Make it shorter',
      generatedBy: 'llm',
      body,
    });
    expect(llm.calls[0]!.prompt).toContain('Instructions from the reviewer (follow them): Make it shorter');
    expect(llm.calls[0]!.prompt).toContain(`Why this angle: kept from draft #${draft.id}`);
    expect(out.approval.reason).toBe(`Regenerated as draft #${out.draft.id}: Make it shorter`);
  });

  it('says so when no model is there to follow the instructions, and tries another angle instead', async () => {
    const { gate, draft } = await withDraft();
    const out = await gate.regenerateDraft(draft.id, { instructions: 'Make it shorter' }, ana);
    expect(out.applied).toBe(true);
    expect(out.draft.angle).not.toBe(draft.angle);
    expect(out.draft.instructions).toBe('Make it shorter');
    expect(out.note).toBe(
      "No model is available to follow the instructions, so the new draft is written from another angle's template.",
    );
  });

  it('does nothing to a draft already approved', async () => {
    const { s, gate, draft } = await withDraft();
    await gate.approveDraft(draft.id, ana);
    const out = await gate.regenerateDraft(draft.id, {}, bob);
    expect(out).toMatchObject({ applied: false, runId: null, approval: { status: 'approved', decidedBy: 'U0ANA' } });
    expect(await s.repos.drafts.list({})).toHaveLength(1);
  });

  it('does not replace a draft someone approved while the new one was being written', async () => {
    const { s, draft } = await withDraft();
    const gate = createDraftGate(s.deps);
    const llm = scriptedLlm({
      'writer.draft': [
        async () => {
          await gate.approveDraft(draft.id, bob);
          return {
            reasoning: 'r',
            angle: draft.angle,
            subject: 'Lakeview Family Health',
            body: 'Hi Sarah, Lakeview Family Health could save $135k. Call?',
          };
        },
      ],
      'critic.sounds_human': [{ points: 2, note: 'ok' }],
    });
    const out = await createDraftGate({ ...s.deps, llm: llm.port }).regenerateDraft(
      draft.id,
      { instructions: 'again' },
      ana,
    );
    expect(out.applied).toBe(false);
    expect(out.approval).toMatchObject({ status: 'approved', decidedBy: 'U0BOB' });
    expect(await s.repos.drafts.list({})).toHaveLength(1);
    expect((await s.repos.drafts.get(draft.id))!.status).toBe('approved');
  });
});
