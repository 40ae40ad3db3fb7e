import { AIMessage, type BaseMessage, fakeModel, ToolMessage } from 'langchain';
import { describe, expect, it } from 'vitest';
import type { TurnContext } from '../../src/agent/ports.js';
import type { CliActor } from '../../src/app/actor.js';
import { createAppAgent, createConversationServices } from '../../src/app/conversation-services.js';
import { ingestRawReply } from '../../src/app/replies/ingest.js';
import { toAppError } from '../../src/errors.js';
import { filterAsync } from '../../src/pipeline/async.js';
import { approveLeads, replyTo, sandboxLeadbot } from './helpers.js';

const ctx: TurnContext = {
  conversationKey: 'slack:C0LEADS:1764000000.000100',
  userId: 'U0ANA',
  surface: 'slack',
  slackChannel: 'C0LEADS',
  slackThreadTs: '1764000000.000100',
  actor: { kind: 'user', surface: 'slack', id: 'U0ANA' },
};
const cliActor: CliActor = { kind: 'cli', id: 'cli:ana', name: 'ana' };

describe('createConversationServices', () => {
  it('searches in the sandbox, and "more" (exclude) brings companies not shown yet', async () => {
    const { app, useCases } = await sandboxLeadbot();
    const services = createConversationServices(useCases);
    const started: string[] = [];
    const first = await services.searchCompanies(
      { industry: 'healthcare', location: 'Buffalo, NY', count: 5 },
      { ...ctx, onRunStarted: (id) => started.push(id) },
    );
    expect(first.leads).toHaveLength(5);
    expect(started).toEqual([first.runId]);
    expect(await app.repos.runs.get(first.runId)).toMatchObject({ trigger: 'slack', slackThreadTs: ctx.slackThreadTs });
    const shown = first.leads.map((l) => l.company.id);
    const more = await services.searchCompanies(
      { industry: 'healthcare', location: 'Buffalo, NY', count: 5, exclude: shown },
      ctx,
    );
    expect(more.leads).toHaveLength(5);
    expect(more.leads.map((l) => l.company.id).filter((id) => shown.includes(id))).toEqual([]);
  });

  it('status, drafts, win rates, company info and the digest come from the real tables', async () => {
    const { app, useCases, outbox } = await sandboxLeadbot();
    const services = createConversationServices(useCases);
    const found = await services.searchCompanies({ industry: 'healthcare', location: 'Buffalo, NY', count: 3 }, ctx);
    expect(await services.pipelineStatus(ctx)).toMatchObject({ awaitingApproval: 3, activeRuns: [] });
    await approveLeads(
      app,
      found.leads.map((l) => l.company.id),
    );
    expect(await services.pipelineStatus(ctx)).toMatchObject({ contacts: 0, sent: 0, replies: 0 });
    await services.runStage('enrich', ctx);
    const write = await services.runStage('write', ctx);
    expect(await app.repos.runs.get(write.runId)).toMatchObject({ trigger: 'slack', requestedBy: 'U0ANA' });
    const pending = await services.listDrafts({ status: ['pending'] }, ctx);
    expect(pending.length).toBeGreaterThan(0);
    const [draft] = await filterAsync(
      pending,
      async (d) => (await app.repos.contacts.get(d.contactId!))!.emailKind === 'found',
    );
    if (!draft) throw new Error('no draft with a found address');
    await useCases.decideDraft({ draftId: draft.id, decision: 'approved' }, cliActor);
    await services.runStage('outreach', ctx);
    await ingestRawReply(app, replyTo(outbox()[0]!, 'Not interested, thanks.'), { trigger: 'test', requestedBy: 't' });
    const status = await services.pipelineStatus(ctx);
    expect(status.leads.approved).toBe(3);
    expect(status.contacts).toBe(await app.repos.contacts.count());
    expect(status.contacts).toBeGreaterThanOrEqual(pending.length);
    expect(status.drafts).toMatchObject({ sent: 1, pending: pending.length - 1 });
    expect(status).toMatchObject({ sent: 1, replies: 1, awaitingApproval: pending.length - 1 });
    expect((await services.listDrafts({}, ctx)).map((d) => d.status)).toContain('sent');
    expect(await services.winRates('healthcare', ctx)).toEqual([
      { industry: 'healthcare', angle: draft.angle, sent: 1, replies: 1, positiveReplies: 0 },
    ]);
    expect(await services.winRates('dental', ctx)).toEqual([]);
    const info = (await services.companyInfo((await app.repos.companies.get(draft.companyId))!.name, ctx))!;
    expect(info.contacts.length).toBeGreaterThan(0);
    expect(info.drafts.map((d) => d.id)).toEqual([draft.id]);
    const digest = await services.digest(ctx);
    expect(digest).toMatch(/• \*Sent:\* 1 first email/);
    expect(digest).toMatch(/• \*Replies:\* 1 — 1 negative/);
  });

  it("gives the agent's tools the real services: a search through the model finds sandbox companies", async () => {
    const { app, useCases } = await sandboxLeadbot();
    const services = createConversationServices(useCases);
    let seen = '';
    const model = fakeModel()
      .respondWithTools([
        { name: 'search_companies', args: { industry: 'healthcare', location: 'Buffalo, NY', count: 3 } },
      ])
      .respond((messages: BaseMessage[]) => {
        seen = messages.filter((m) => ToolMessage.isInstance(m)).at(-1)?.text ?? '';
        return new AIMessage('I found 3 healthcare companies in Buffalo.');
      });
    const agent = createAppAgent(app, services, {
      available: () => true,
      describe: () => 'fake',
      chatModel: () => model,
      translateError: (err) => toAppError(err, 'llm_unavailable'),
    });
    const reply = await agent.run('find me a few clinics in Buffalo and tell me about them', ctx, []);
    expect(seen).toMatch(/3 of 3 healthcare companies in Buffalo, NY found/);
    expect(reply.leads).toHaveLength(3);
    expect(reply.leads!.every((l) => l.company.city === 'Buffalo' && l.company.domain?.endsWith('.example'))).toBe(
      true,
    );
    expect(reply.toolCalls).toEqual(['search_companies']);
  });
});
