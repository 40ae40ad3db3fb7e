import { AIMessage, fakeModel } from 'langchain';
import { describe, expect, it } from 'vitest';
import type { AnswerStep, TurnContext } from '../../../src/agent/ports.js';
import { agentWorld, ctx } from './world.js';

/** A surface's stream that records what reached it, in order. */
function recorder() {
  const events: ({ text: string } | { step: AnswerStep })[] = [];
  const stream = { text: (text: string) => events.push({ text }), step: (step: AnswerStep) => events.push({ step }) };
  const text = () => events.flatMap((e) => ('text' in e ? [e.text] : [])).join('');
  return { events, stream, text };
}

describe('ReAct agent: the answer as it is written', () => {
  it('streams tool calls as tasks and the answer as inert Markdown, ending with the same reply', async () => {
    const w = await agentWorld();
    const r = recorder();
    const model = fakeModel()
      .respondWithTools([{ name: 'list_leads', args: { status: 'pending' } }])
      .respond(
        new AIMessage(
          '*Lakeview Family Health* (#1) scores highest <!channel>; see https://lakeview.example and https://evil.example.',
        ),
      );
    const streamed: TurnContext = { ...ctx, stream: r.stream };
    const reply = await w.runner(model).run('which pending leads first?', streamed, []);
    const steps = r.events.flatMap((e) => ('step' in e ? [e.step] : []));
    expect(steps.map((s) => [s.title, s.status])).toEqual([
      ['Listing pending leads', 'in_progress'],
      ['Listing pending leads', 'complete'],
    ]);
    expect(steps[1]!.output).toContain('#1 Lakeview Family Health');
    // The task came before the text, and the text is the answer, neutralised for Markdown.
    expect('step' in r.events[0]!).toBe(true);
    expect(r.text()).toBe(
      '**Lakeview Family Health** (#1) scores highest `<!channel>`; see `https://lakeview.example` and `https://evil.example`.',
    );
    expect(reply).toMatchObject({ answeredBy: 'agent', modelCalls: 2 });
    expect(reply.text).toContain('&lt;!channel&gt;');
  });

  it('keeps links to the websites of companies the tools showed', async () => {
    const w = await agentWorld();
    const r = recorder();
    const model = fakeModel()
      .respondWithTools([{ name: 'list_leads', args: {} }])
      .respond(new AIMessage('Start with [Harbor](https://harbordental.example) today.'));
    await w.runner(model).run('who first?', { ...ctx, stream: r.stream }, []);
    expect(r.text()).toBe('Start with [Harbor](https://harbordental.example/) today.');
  });

  it('ends the stream with a clear line when the model stops answering mid-answer', async () => {
    const w = await agentWorld();
    const r = recorder();
    const refused = Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const model = fakeModel()
      .respondWithTools([{ name: 'pipeline_status', args: {} }])
      .respond(refused);
    const reply = await w.runner(model).run('summarise the pipeline', { ...ctx, stream: r.stream }, []);
    expect(r.text()).toMatch(/^The language model stopped answering/);
    expect(reply.choices?.length).toBeGreaterThan(0);
    expect(await w.runs.get(reply.runId!)).toMatchObject({ status: 'failed' });
  });

  it('says so on the stream when the step limit ends the loop', async () => {
    const w = await agentWorld();
    const r = recorder();
    const model = fakeModel();
    for (let i = 0; i < 4; i++) model.respondWithTools([{ name: 'pipeline_status', args: {} }]);
    await w.runner(model, 2).run('keep checking', { ...ctx, stream: r.stream }, []);
    expect(r.text()).toContain('I used all 2 steps I have for one message before finishing.');
  });
});
