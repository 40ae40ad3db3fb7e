import { resolve } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentRunner } from '../../../src/agent/react/runner.js';
import { loadConfig } from '../../../src/config.js';
import { createDirectiveStore } from '../../../src/pipeline/directives/store.js';
import { createRunRecorder } from '../../../src/pipeline/runs/recorder.js';
import { createLlmService, type LlmService } from '../../../src/providers/llm/service.js';
import { fixedClock } from '../../helpers/db.js';
import { type LlmStandIn, startOllamaStandIn, startOpenAiStandIn } from '../../providers/llm/stand-ins.js';
import { agentWorld, ctx } from './world.js';

let stand: LlmStandIn | undefined;
let llm: LlmService | undefined;
afterEach(async () => {
  llm?.stop();
  await stand?.close();
  stand = undefined;
});

type Msg = { role: string; content: string | null; tool_calls?: { id: string; function: { name: string } }[] };
type ToolSpec = { function: { name: string; parameters: { properties: Record<string, { description?: string }> } } };

async function runnerOver(env: Record<string, string>, maxModelCalls = 8) {
  const w = await agentWorld();
  llm = createLlmService(loadConfig({ LLM_TIMEOUT_MS: '5000', ...env }).llm, pino({ level: 'silent' }));
  await llm.start();
  const runner = createAgentRunner({
    llm,
    services: w.services,
    recorder: createRunRecorder({ runs: w.runs, now: fixedClock() }),
    directives: createDirectiveStore(resolve('directives')),
    maxModelCalls,
    timeoutMs: 5000,
    now: fixedClock(),
  });
  return { w, runner };
}

describe('agent over real chat clients', () => {
  it('does a tool-call round trip through an OpenAI-compatible /v1/chat/completions', async () => {
    stand = await startOpenAiStandIn([
      { toolCalls: [{ name: 'list_leads', args: { status: 'pending', limit: 5 } }], usage: { in: 900, out: 20 } },
      { content: 'Lakeview Family Health (#1) is your best pending lead at 82.', usage: { in: 1100, out: 16 } },
    ]);
    const { w, runner } = await runnerOver({
      LLM_PROVIDER: 'openai',
      OPENAI_BASE_URL: `${stand.url}/v1`,
      OPENAI_API_KEY: 'sk-test-00000',
    });
    const reply = await runner.run('what is my best pending lead?', ctx, []);
    expect(reply.text).toBe('Lakeview Family Health (#1) is your best pending lead at 82.');
    const [first, second] = stand.chats();
    const tools = first!.tools as ToolSpec[];
    expect(tools.map((t) => t.function.name)).toContain('request_approval');
    expect(tools.map((t) => t.function.name).filter((n) => /approv|reject|send|suppress|decide/.test(n))).toEqual([
      'request_approval',
    ]);
    const listLeads = tools.find((t) => t.function.name === 'list_leads')!.function.parameters.properties;
    expect(Object.values(listLeads).every((p) => (p.description ?? '').length > 5)).toBe(true);
    const messages = second!.messages as (Msg & { tool_call_id?: string })[];
    expect(messages[0]).toMatchObject({ role: 'system' });
    const call = messages.find((m) => m.role === 'assistant')!.tool_calls![0]!;
    expect(call).toMatchObject({ id: 'call_1_0', function: { name: 'list_leads' } });
    const result = messages.find((m) => m.role === 'tool')!;
    expect(result.tool_call_id).toBe('call_1_0');
    expect(result.content).toContain('1. #1 Lakeview Family Health');
    const logs = await w.runs.logs(reply.runId!);
    expect(logs.map((l) => [l.name, l.tokensIn, l.tokensOut])).toEqual([
      ['agent.model', 900, 20],
      ['tool.list_leads', null, null],
      ['agent.model', 1100, 16],
    ]);
  });

  it('takes the tools away on the last allowed call, so the server cannot keep the loop going', async () => {
    const again = { toolCalls: [{ name: 'pipeline_status', args: {} }] };
    stand = await startOpenAiStandIn([again, again, again]);
    const { runner } = await runnerOver(
      { LLM_PROVIDER: 'openai', OPENAI_BASE_URL: `${stand.url}/v1`, OPENAI_API_KEY: 'sk-test-00000' },
      2,
    );
    const reply = await runner.run('watch the pipeline', ctx, []);
    const [first, last] = stand.chats();
    expect(stand.chats()).toHaveLength(2);
    expect(first!.tools).toBeDefined();
    expect(last!.tools).toBeUndefined();
    expect((last!.messages as Msg[])[0]!.content).toContain('This is your last step for this message');
    expect(reply.text).toContain('I used all 2 steps');
  });

  it('does a tool-call round trip through Ollama /api/chat (streamed NDJSON)', async () => {
    stand = await startOllamaStandIn([
      { toolCalls: [{ name: 'explain_score', args: { company: 'Lakeview' } }] },
      { content: 'Lakeview scores 82 because: A reason.' },
    ]);
    const { runner } = await runnerOver({ LLM_PROVIDER: 'ollama', OLLAMA_HOST: stand.url });
    const reply = await runner.run('why does Lakeview score so high?', ctx, []);
    expect(reply).toMatchObject({ text: 'Lakeview scores 82 because: A reason.', toolCalls: ['explain_score'] });
    const tool = (stand.chats()[1]!.messages as Msg[]).find((m) => m.role === 'tool')!;
    expect(tool.content).toContain('Reason (template): A reason.');
    expect(stand.chats()[0]).toMatchObject({ stream: true });
  });

  it('answers with the closest commands when the server is down, without crashing', async () => {
    stand = await startOpenAiStandIn([]);
    const url = stand.url;
    await stand.close();
    stand = undefined;
    const { runner } = await runnerOver({
      LLM_PROVIDER: 'openai',
      OPENAI_BASE_URL: `${url}/v1`,
      OPENAI_API_KEY: 'sk-x-00000',
    });
    const reply = await runner.run('find me twenty law firms in Austin and draft emails', ctx, []);
    expect(reply.modelCalls).toBe(0);
    expect(reply.text).toContain('no language model is reachable (openai (gpt-4o-mini))');
    expect(reply.choices?.[0]?.text).toBe('find 10 healthcare companies in Buffalo');
  });
});
