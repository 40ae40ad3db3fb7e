import { AIMessage, type BaseMessage, fakeModel, ToolMessage } from 'langchain';
import { describe, expect, it } from 'vitest';
import { agentWorld, ctx } from './world.js';

const toolMessages = (messages: BaseMessage[]) => messages.filter((m) => ToolMessage.isInstance(m));

describe('ReAct agent', () => {
  it('calls a tool, feeds the result back and answers; the run and every call are logged', async () => {
    const w = await agentWorld();
    let seen = '';
    const model = fakeModel()
      .respondWithTools([{ name: 'list_leads', args: { status: 'pending' } }])
      .respond((messages) => {
        seen = toolMessages(messages).at(-1)?.text ?? '';
        return new AIMessage('You have 2 pending leads; Lakeview Family Health (#1) scores highest.');
      });
    const reply = await w.runner(model).run('which pending leads should I look at first?', ctx, [
      { role: 'user', text: 'find 10 healthcare companies in Buffalo' },
      { role: 'assistant', text: 'Found 2 healthcare companies in Buffalo.' },
    ]);
    expect(seen).toContain('#1 Lakeview Family Health — healthcare, Buffalo, NY · score 82 (high) · pending');
    expect(seen).toContain('#2 Harbor Dental Group');
    expect(reply.text).toBe('You have 2 pending leads; Lakeview Family Health (#1) scores highest.');
    expect(reply.leads?.map((l) => l.company.id)).toEqual([1, 2]);
    expect(reply).toMatchObject({ modelCalls: 2, toolCalls: ['list_leads'] });
    const first = model.calls[0]!.messages.map((m) => m.text);
    expect(first[0]).toContain('You are leadbot');
    expect(first.slice(1)).toEqual([
      'find 10 healthcare companies in Buffalo',
      'Found 2 healthcare companies in Buffalo.',
      'which pending leads should I look at first?',
    ]);
    const run = (await w.runs.get(reply.runId!))!;
    expect(run).toMatchObject({ kind: 'agent', trigger: 'cli', requestedBy: 'U0TESTER1', status: 'completed' });
    expect((await w.runs.logs(run.id)).map((l) => [l.kind, l.name, l.status])).toEqual([
      ['llm', 'agent.model', 'ok'],
      ['tool', 'tool.list_leads', 'ok'],
      ['llm', 'agent.model', 'ok'],
    ]);
  });

  it('returns a tool failure to the model as a short message instead of ending the run', async () => {
    const w = await agentWorld();
    let seen = '';
    const model = fakeModel()
      .respondWithTools([{ name: 'search_companies', args: { industry: 'dentists', location: 'Atlantis' } }])
      .respond((messages) => {
        seen = toolMessages(messages).at(-1)?.text ?? '';
        return new AIMessage('I could not find Atlantis.');
      });
    const reply = await w.runner(model).run('find dentists in Atlantis', ctx, []);
    expect(seen).toBe('Error from search_companies: No place called Atlantis');
    expect(reply.text).toBe('I could not find Atlantis.');
    expect((await w.runs.logs(reply.runId!)).find((l) => l.name === 'tool.search_companies')).toMatchObject({
      status: 'error',
    });
  });

  it('stops at AGENT_MAX_MODEL_CALLS: the last call gets no tools and a still-running loop ends gracefully', async () => {
    const w = await agentWorld();
    const model = fakeModel();
    for (let i = 0; i < 6; i++) model.respondWithTools([{ name: 'pipeline_status', args: {} }]);
    const reply = await w.runner(model, 3).run('keep checking the pipeline until something changes', ctx, []);
    expect(model.callCount).toBe(3);
    expect(reply.modelCalls).toBe(3);
    expect(reply.toolCalls).toEqual(['pipeline_status', 'pipeline_status']);
    expect(model.calls[2]!.messages[0]!.text).toContain('This is your last step for this message');
    expect(model.calls[1]!.messages[0]!.text).not.toContain('This is your last step');
    expect(reply.text).toContain('I used all 3 steps I have for one message before finishing.');
    expect(reply.text).toContain('• pipeline_status: Leads: new 0, pending 2, approved 0');
    expect((await w.runs.get(reply.runId!))!.summary).toContain('step limit reached');
  });

  it('uses the final answer when the model answers on its last allowed call', async () => {
    const w = await agentWorld();
    const model = fakeModel()
      .respondWithTools([{ name: 'pipeline_status', args: {} }])
      .respond(new AIMessage('2 leads are pending review.'));
    const reply = await w.runner(model, 2).run('how is the pipeline?', ctx, []);
    expect(reply).toMatchObject({ text: '2 leads are pending review.', modelCalls: 2 });
  });

  it('without a reachable model answers with the closest commands and makes no call', async () => {
    const w = await agentWorld();
    const model = fakeModel();
    const reply = await w.runner(model, 8, false).run('which of my leads has the best reply rate angle?', ctx, []);
    expect(model.callCount).toBe(0);
    expect(reply.modelCalls).toBe(0);
    expect(reply.text).toContain('no language model is reachable (ollama (llama3.2))');
    expect(reply.choices?.map((c) => c.text)).toEqual(['win rates for healthcare', 'show pending leads']);
    expect(reply.text).toContain('• `win rates for healthcare` — which email angles get replies');
    expect(await w.runs.list({ limit: 5 })).toEqual([]);
  });

  it('falls back the same way when the model stops answering mid-conversation, marking the run failed', async () => {
    const w = await agentWorld();
    const refused = Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const model = fakeModel().respond(refused);
    const reply = await w.runner(model).run('summarise the pipeline for my boss', ctx, []);
    expect(reply.text.split('\n')[0]).toMatch(/^The language model stopped answering/);
    expect(reply.choices?.[0]?.text).toBe('pipeline status');
    expect(await w.runs.get(reply.runId!)).toMatchObject({ status: 'failed' });
  });
});
