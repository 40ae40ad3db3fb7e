import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConversation } from '../../src/agent/conversation.js';
import type { TurnContext } from '../../src/agent/ports.js';
import type { AgentPort, AgentTurn } from '../../src/agent/react/ports.js';
import { createRouter } from '../../src/agent/router/route.js';
import { createConversationMemoryRepo } from '../../src/db/repos/conversation-memory-repo.js';
import { createDirectiveStore } from '../../src/pipeline/directives/store.js';
import { createNoLlm } from '../../src/pipeline/llm/none.js';
import type { LlmPort } from '../../src/pipeline/llm/ports.js';
import { fixedClock, memoryDb } from '../helpers/db.js';
import { fakeServices } from './router/fake-services.js';
import { fakeLlm } from './router/llm-fake.js';

const directives = createDirectiveStore(resolve('directives'));
const ctx: TurnContext = {
  conversationKey: 'dm:U1',
  userId: 'U1',
  surface: 'slack',
  actor: { kind: 'user', surface: 'slack', id: 'U1' },
};

function fakeAgent() {
  const runs: { text: string; history: AgentTurn[] }[] = [];
  const agent: AgentPort = {
    async run(text, _ctx, history) {
      runs.push({ text, history });
      return { text: 'agent answer', modelCalls: 2, toolCalls: ['list_leads'] };
    },
  };
  return { agent, runs };
}

function setup(llm: LlmPort = createNoLlm(), withAgent = true) {
  const fake = fakeServices();
  const agent = fakeAgent();
  const conversation = createConversation({
    router: createRouter({ directives, llm }),
    services: fake.services,
    memory: createConversationMemoryRepo(memoryDb().db),
    agent: withAgent ? agent.agent : undefined,
    llm,
    now: fixedClock(),
  });
  return { fake, agent, conversation };
}

describe('conversation', () => {
  it('answers tier 1 from the directive without touching services', async () => {
    const t = setup();
    const help = await t.conversation.respond('what can you do?', ctx);
    expect(help.text).toContain('find 10 healthcare companies in Buffalo');
    const hi = await t.conversation.respond('<@U0BOT> hi!', ctx);
    expect(hi.text).toMatch(/^Hi!/);
    expect(t.fake.calls).toEqual([]);
  });

  it('calls the service for a tier-2 intent and fills leads and runId', async () => {
    const t = setup();
    const reply = await t.conversation.respond('find 3 law firms in Austin', ctx);
    expect(t.fake.of('searchCompanies')[0]!.args).toEqual({
      industry: 'law firms',
      location: 'Austin',
      count: 3,
      exclude: [],
    });
    expect(reply.leads).toHaveLength(3);
    expect(reply.runId).toBe('run_1');
    expect(reply.text).toContain('1. *Austin law firms 1*');
  });

  it('words service failures as an answer instead of throwing', async () => {
    const t = setup();
    const reply = await t.conversation.respond('run outreach', ctx);
    expect(reply.text).toBe(':warning: outreach is not available yet');
  });

  it('turns suppress into an approval request for a human, never a decision', async () => {
    const t = setup();
    const reply = await t.conversation.respond('suppress bob@acme.example', ctx);
    expect(t.fake.approvals).toMatchObject([{ kind: 'suppress', subjectId: 'bob@acme.example', status: 'pending' }]);
    expect(reply.approvalRequestIds).toEqual([1]);
  });

  it('asks with choices when unsure', async () => {
    const t = setup();
    const reply = await t.conversation.respond('find law firms', ctx);
    expect(reply.text).toContain('Where should I look for law firms?');
    expect(t.fake.calls).toEqual([]);
  });

  it('hands open-ended requests to the agent with the conversation so far', async () => {
    const llm = fakeLlm();
    const t = setup(llm.port);
    await t.conversation.respond('show pending leads', ctx);
    const reply = await t.conversation.respond('which of these looks most promising, and why?', ctx);
    expect(reply.text).toBe('agent answer');
    expect(t.agent.runs).toHaveLength(1);
    expect(t.agent.runs[0]!.history.map((h) => h.role)).toEqual(['user', 'assistant']);
    expect(t.agent.runs[0]!.history[0]!.text).toBe('show pending leads');
    expect(llm.calls).toHaveLength(0);
  });

  it('without an LLM, answers tier 3 with what it can do and the closest commands', async () => {
    const t = setup(createNoLlm());
    const reply = await t.conversation.respond('find law firms in Austin and then enrich them', ctx);
    expect(t.agent.runs).toHaveLength(0);
    expect(reply.text).toContain('no language model is available');
    expect(reply.choices!.map((c) => c.text)).toEqual(
      expect.arrayContaining(['find 10 law firms in Austin', 'run enrich']),
    );
    expect(reply.text).toContain('suppress someone@company.example');
  });

  it('shows a company and remembers it for "approve it"-style follow-ups', async () => {
    const t = setup();
    await t.conversation.respond('find 2 hospitals in Buffalo', ctx);
    const info = await t.conversation.respond('company info Buffalo hospitals 2', ctx);
    expect(info.leads!.map((l) => l.company.name)).toEqual(['Buffalo hospitals 2']);
    const approve = await t.conversation.respond('approve it', ctx);
    expect(approve.approvalRequestIds).toHaveLength(1);
    expect(t.fake.approvals[0]!.subjectId).toBe(String(info.leads![0]!.company.id));
  });
});
