import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import { createNoLlm } from '../../../src/pipeline/llm/none.js';
import { writeDrafts } from '../../../src/pipeline/writer/write-drafts.js';
import { findWriteQueue } from '../../../src/pipeline/writer/write-queue.js';
import { scriptedLlm, seedLead, setupDb } from './helpers.js';

const GOOD = {
  reasoning: 'Budget owner at three clinics.',
  angle: 'cost_savings',
  subject: 'Lakeview Family Health: about $135k a year',
  body: 'Hi Sarah,\n\nLakeview Family Health could save about $135k a year on utility bills.\n\nWould a short call next week work?\n\nBest,\nDana Reyes',
};

describe('writeDrafts (the write stage)', () => {
  it('drafts approved companies with a usable primary contact, skips the rest with reasons, and tracks the run', async () => {
    const s = setupDb();
    const ready = await seedLead(s, { company: { name: 'Lakeview Family Health', domain: 'lakeview.example' } });
    const guessed = await seedLead(s, {
      company: { name: 'Harbor Point Dental', domain: 'harborpoint.example', siteCount: 1 },
      contact: { emailKind: 'guessed', verification: 'unverified' },
    });
    await seedLead(s, {
      company: { name: 'Invalid Address Co', domain: 'invalid.example' },
      contact: { verification: 'invalid' },
    });
    await seedLead(s, { company: { name: 'No Contact Yet', domain: 'nocontact.example' }, contact: null });
    await seedLead(s, { company: { name: 'Still At Gate One', domain: 'pending.example' }, status: 'pending' });

    const out = await writeDrafts({ trigger: 'test', requestedBy: 'U1' }, s.deps);
    expect(out.drafts.map((d) => d.companyId).sort()).toEqual([ready.company.id, guessed.company.id].sort());
    expect(out.skipped.map((x) => [x.company, x.reason])).toEqual([
      ['Invalid Address Co', 'primary contact has no usable address (verification invalid)'],
      ['No Contact Yet', 'no primary contact yet (run enrichment)'],
    ]);
    for (const d of out.drafts) {
      expect(d).toMatchObject({ status: 'pending', generatedBy: 'template', runId: out.runId, lowConfidence: false });
      expect(d.criticScore).toBeGreaterThanOrEqual(7);
      expect(d.criticBreakdown!.criteria).toHaveLength(5);
      expect(d.reasoning).toMatch(/^Written from the \w+ template: no model available/);
      expect(await s.repos.approvals.get('draft', String(d.id))).toMatchObject({
        status: 'pending',
        requestedBy: 'writer',
      });
    }
    const harbor = out.drafts.find((d) => d.companyId === guessed.company.id)!;
    expect(harbor.angle).not.toBe('multi_site_savings');
    expect(harbor.contactId).toBe(guessed.contact!.id);
    const run = (await s.repos.runs.get(out.runId))!;
    expect(run).toMatchObject({ kind: 'write', status: 'completed', counters: { draftsCreated: 2, lowConfidence: 0 } });
    expect(run.summary).toBe(
      '2 drafts written for Gate 2 · 2 skipped (primary contact has no usable address (verification invalid); no primary contact yet (run enrichment))',
    );
    expect((await s.repos.runs.logs(out.runId)).map((l) => l.name)).toContain('write Lakeview Family Health');
  });

  it('is idempotent per company: a second run writes nothing new', async () => {
    const s = setupDb();
    await seedLead(s);
    const first = await writeDrafts({ trigger: 'test' }, s.deps);
    expect(first.draftIds).toHaveLength(1);
    const second = await writeDrafts({ trigger: 'test' }, s.deps);
    expect(second.draftIds).toEqual([]);
    expect(second.summary).toBe('No drafts written · no approved company is waiting for one');
    expect(await s.repos.drafts.list({})).toHaveLength(1);
  });

  it('never stores a second current draft when another run got there first', async () => {
    const s = setupDb();
    const { company } = await seedLead(s);
    const llm = scriptedLlm({
      'writer.draft': [
        async () => {
          // Another run drafts the same company while this one waits on the model.
          await writeDrafts({ trigger: 'test' }, { ...s.deps, llm: createNoLlm() });
          return GOOD;
        },
      ],
      'critic.sounds_human': [{ points: 2, note: 'ok' }],
    });
    const out = await writeDrafts({ trigger: 'test' }, { ...s.deps, llm: llm.port });
    expect(llm.remaining()).toBe(0);
    expect(out.failed).toEqual([]);
    expect(out.draftIds).toEqual([]);
    expect(await s.repos.drafts.list({ companyId: company.id })).toHaveLength(1);
  });

  it('tells the model everything it knows about the company and why this angle', async () => {
    const s = setupDb();
    await seedLead(s);
    const good = GOOD;
    const llm = scriptedLlm({ 'writer.draft': [good], 'critic.sounds_human': [{ points: 2, note: 'Natural.' }] });
    const out = await writeDrafts({ trigger: 'test' }, { ...s.deps, llm: llm.port });
    const draft = out.drafts[0]!;
    expect(draft).toMatchObject({ generatedBy: 'llm', criticScore: 10, attempts: 1, reasoning: good.reasoning });
    const prompt = llm.calls[0]!.prompt;
    expect(prompt).toContain(`Angle: ${draft.angle}:`);
    expect(prompt).toMatch(/Why this angle: exploring \w+: no reply data yet/);
    expect(draft.angleMode).toBe('explore');
    expect((await s.repos.runs.logs(out.runId)).some((l) => l.name === 'critic.score')).toBe(true);
  });

  it('records a company that fails and goes on with the others', async () => {
    const s = setupDb();
    await seedLead(s, { company: { name: 'Lakeview Family Health', domain: 'lakeview.example' } });
    await seedLead(s, { company: { name: 'Harbor Point Dental', domain: 'harborpoint.example' } });
    let calls = 0;
    const llm = scriptedLlm({
      'writer.draft': [
        () => {
          calls += 1;
          throw new Error('socket hang up');
        },
        GOOD,
      ],
      'critic.sounds_human': [{ points: 2, note: 'ok' }],
    });
    const out = await writeDrafts({ trigger: 'test' }, { ...s.deps, llm: llm.port });
    expect(calls).toBe(1);
    expect(out.failed).toHaveLength(1);
    expect(out.failed[0]!.error).toBe('socket hang up');
    expect(out.drafts).toHaveLength(1);
    expect(await s.repos.runs.get(out.runId)).toMatchObject({
      status: 'completed',
      counters: { draftsCreated: 1, failed: 1 },
    });
    expect(out.summary).toMatch(
      /^1 draft written for Gate 2 · 1 failed \((Lakeview Family Health|Harbor Point Dental)\)$/,
    );
  });

  it('fails the run, naming the block, when a directive is broken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadbot-directives-'));
    cpSync(resolve('directives'), dir, { recursive: true });
    const critic = join(dir, 'critic.md');
    writeFileSync(critic, readFileSync(critic, 'utf8').replace('passAt: 7', 'passAt: seven'));
    const s = setupDb();
    await seedLead(s);
    await expect(
      writeDrafts({ trigger: 'test' }, { ...s.deps, directives: createDirectiveStore(dir) }),
    ).rejects.toThrow('directives/critic.md block "critic-settings" is invalid: passAt');
    const [run] = await s.repos.runs.list({ limit: 1 });
    expect(run).toMatchObject({ kind: 'write', status: 'failed' });
    expect(await s.repos.drafts.list({})).toEqual([]);
  });

  it('reports named companies that are not ready', async () => {
    const s = setupDb();
    const { company } = await seedLead(s, { status: 'pending' });
    const queue = await findWriteQueue({ companyIds: [company.id, 999] }, s.deps);
    expect(queue.ready).toEqual([]);
    expect(queue.skipped.map((x) => x.reason)).toEqual(['no such company', 'not approved at Gate 1 (status pending)']);
  });
});
