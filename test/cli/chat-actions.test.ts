import { userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { CliActor } from '../../src/app/actor.js';
import { runStage } from '../../src/app/stages/run-stage.js';
import { decide } from '../../src/cli/commands/chat-actions.js';
import { openMigratedDatabase } from '../../src/db/client.js';
import { approveLeads, sandboxLeadbot, searchInThread } from '../app/helpers.js';
import { cli, tempEnv } from '../helpers/cli.js';

const actor: CliActor = { kind: 'cli', id: 'cli:ana', name: 'ana' };

describe('decisions picked in leadbot chat', () => {
  it('confirming "suppress" suppresses through the same path as the CLI, recorded for the OS user', async () => {
    const env = tempEnv();
    const r = await cli(['chat', '--no-llm'], env, 'suppress pat@acme.example\n1\nexit\n');
    expect(r.stdout).toContain('  1) suppress pat@acme.example');
    expect(r.stdout).toContain('leadbot> pat@acme.example is suppressed: leadbot will never email it.');
    const handle = openMigratedDatabase(env.DATABASE_PATH!);
    const rows = handle.sqlite.prepare('select value, source, created_by from suppression_list').all();
    const approval = handle.sqlite
      .prepare("select status, decided_by from approval_requests where kind = 'suppress'")
      .all();
    handle.close();
    const user = `cli:${userInfo().username}`;
    expect(rows).toEqual([{ value: 'pat@acme.example', source: 'cli', created_by: user }]);
    expect(approval).toEqual([{ status: 'approved', decided_by: user }]);
  });

  it('approving a draft request moves the draft through Gate 2 and sends it; rejecting sends it back', async () => {
    const { app, useCases } = await sandboxLeadbot();
    const found = await searchInThread(app, { channel: 'C1', ts: '1.1' }, 3);
    await approveLeads(
      app,
      found.leads.map((l) => l.company.id),
    );
    await runStage(app, 'enrich', { trigger: 'test', requestedBy: 't' });
    await runStage(app, 'write', { trigger: 'test', requestedBy: 't' });
    const [one, two] = await app.repos.drafts.list({ status: ['pending'], limit: 10 });
    const request = async (id: number) => (await app.repos.approvals.get('draft', String(id)))!.id;
    const approved = await decide(
      useCases,
      { kind: 'decide', label: 'x', approvalIds: [await request(one!.id)], decision: 'approved' },
      actor,
    );
    expect(approved).toEqual([`Draft #${one!.id}: approved and sent.`]);
    expect((await app.repos.drafts.get(one!.id))!.status).toBe('sent');
    expect((await app.outreach.outreach.sequenceForDraft(one!.id))?.status).toBe('active');
    const rejected = await decide(
      useCases,
      { kind: 'decide', label: 'x', approvalIds: [await request(two!.id)], decision: 'rejected' },
      actor,
    );
    expect(rejected).toEqual([`Draft #${two!.id}: rejected.`]);
    expect((await app.repos.drafts.get(two!.id))!.status).toBe('rejected');
    expect(
      await decide(
        useCases,
        { kind: 'decide', label: 'x', approvalIds: [await request(two!.id)], decision: 'approved' },
        actor,
      ),
    ).toEqual([`Draft #${two!.id} was already rejected.`]);
  });
});
