import { afterEach, describe, expect, it } from 'vitest';
import { collectDigest, formatDigest } from '../../src/app/digest/collect.js';
import { insertPendingLead } from '../helpers/fixtures.js';
import { type LlmStandIn, type ScriptedReply, startOpenAiStandIn } from '../providers/llm/stand-ins.js';
import { type Leadbot, startLeadbot } from './helpers.js';

let bot: Leadbot | undefined;
let llm: LlmStandIn | undefined;
afterEach(async () => {
  await bot?.stop();
  await llm?.close();
  bot = undefined;
  llm = undefined;
});

const ANSWER =
  '*Lakeview Family Health* (#1) first: it scores 82, the highest of your pending leads. Then Harbor Dental Group (#2). <!channel>';

/** leadbot in the local workspace, with an OpenAI-compatible model that streams (server-sent events). */
async function agentBot(script: ScriptedReply[]) {
  llm = await startOpenAiStandIn(script);
  const b = await startLeadbot({
    LLM_PROVIDER: 'openai',
    OPENAI_BASE_URL: `${llm.url}/v1`,
    OPENAI_API_KEY: 'sk-test',
  });
  await b.waitFor(() => b.app.llmService.available(), 'the model to be reachable');
  await insertPendingLead(b.app.repos.companies, {}, 82);
  await insertPendingLead(
    b.app.repos.companies,
    { name: 'Harbor Dental Group', normalizedName: 'harbor dental group', domain: 'harbordental.example' },
    55,
  );
  return b;
}

const called = (b: Leadbot, method: string) => b.ws.calls.filter((c) => c.method === method && c.ok);

describe('the agent surface in the local workspace', () => {
  it('suggests prompts, titles the thread, shows the status, streams the answer with its steps, takes feedback', async () => {
    bot = await agentBot([
      { toolCalls: [{ name: 'list_leads', args: { status: 'pending' } }] },
      { content: ANSWER, pieceDelayMs: 50 },
    ]);
    const b = bot;
    const dm = b.ws.store.dmWith(b.user)!.id;

    // Opening the app's Messages tab (agent view) brings prompts from what this person can do now.
    b.ws.user.openHome({ tab: 'messages' });
    const prompts = await b.waitFor(() => b.ws.store.agent.prompts().find((p) => p.channel === dm), 'prompts');
    expect(prompts.threadTs).toBeUndefined();
    expect(prompts.prompts.map((p) => p.title)).toEqual([
      'Review 2 pending leads',
      'Find companies',
      'Pipeline status',
      'What should I do next?',
    ]);

    const asked = b.ws.user.say({ channel: dm, text: 'Which of my pending leads should I call first, and why?' });
    await b.waitFor(() => b.ws.store.agent.titles().find((t) => t.threadTs === asked.ts), 'the thread title');
    expect(b.ws.store.agent.titles()).toEqual([
      { channel: dm, threadTs: asked.ts, title: 'Which of my pending leads should I call first, and why?' },
    ]);
    const answer = await b.waitFor(
      () => b.thread(asked.ts, dm).find((m) => m.tasks && !m.streaming && m.blocks),
      'the streamed answer to finish',
    );

    // The status line said leadbot was working, with loading messages, and was cleared at the end.
    const statuses = called(b, 'assistant.threads.setStatus').map((c) => c.args);
    expect(statuses[0]).toMatchObject({ channel_id: dm, thread_ts: asked.ts, status: 'Thinking…' });
    expect((statuses[0]!.loading_messages as string[]).length).toBeGreaterThan(0);
    expect(statuses.at(-1)).toMatchObject({ status: '' });
    expect(b.ws.store.agent.statuses()).toEqual([]);

    // One stream, in order: start, appends as the model wrote, stop with the feedback buttons.
    const streamCalls = b.ws.calls.filter((c) => c.method.startsWith('chat.') && c.method.endsWith('Stream'));
    expect(streamCalls.every((c) => c.ok)).toBe(true);
    expect(streamCalls.map((c) => c.method)[0]).toBe('chat.startStream');
    expect(streamCalls.at(-1)!.method).toBe('chat.stopStream');
    expect(streamCalls.filter((c) => c.method === 'chat.appendStream').length).toBeGreaterThan(0);
    expect(streamCalls[0]!.args).toMatchObject({ channel: dm, thread_ts: asked.ts, task_display_mode: 'timeline' });
    expect(answer.tasks).toEqual([expect.objectContaining({ title: 'Listing pending leads', status: 'complete' })]);
    expect(answer.text).toBe(
      '**Lakeview Family Health** (#1) first: it scores 82, the highest of your pending leads. Then Harbor Dental Group (#2). `<!channel>`',
    );
    const feedback = (answer.blocks ?? []).find((x) => x.type === 'context_actions')!;
    expect(JSON.stringify(feedback)).toContain('feedback_buttons');

    // "Not helpful" is recorded against the run, and asks why; the reason lands on the same verdict.
    await b.ws.user.click({
      channel: dm,
      messageTs: answer.ts,
      blockId: String(feedback.block_id),
      actionId: 'answer_feedback',
      selected: 'negative',
    });
    const modal = await b.waitFor(() => b.ws.store.views.stack(b.user)[0], 'the reason modal');
    await b.ws.user.submitView({ viewId: modal.id, values: { reason: { value: 'It ignored my question' } } });
    const runId = String(feedback.block_id).replace('feedback:', '');
    // The run's timeline (its Details) gets the line after the row is written: wait for the line.
    const line = `not helpful (${b.user}): It ignored my question`;
    await b.waitFor(async () => {
      const timeline = await b.app.repos.runs.logs(runId);
      return timeline.filter((l) => l.name === 'feedback').at(-1)?.outputSummary === line;
    }, 'the feedback with its reason in the run timeline');
    expect(await b.app.repos.feedback.forRun(runId)).toEqual([
      expect.objectContaining({ userId: b.user, verdict: 'not_helpful', reason: 'It ignored my question' }),
    ]);
    const digest = await collectDigest(b.app, {
      since: new Date(Date.now() - 3_600_000),
      until: new Date(Date.now() + 1000),
    });
    expect(digest.feedback).toEqual({ helpful: 0, notHelpful: 1, withReason: 1 });
    expect(formatDigest(digest)).toContain('*Agent answers rated:* 1 not helpful (1 said why)');
  });

  it('ends the stream with a clear line when the model fails mid-answer', async () => {
    bot = await agentBot([
      { toolCalls: [{ name: 'pipeline_status', args: {} }] },
      { content: 'Your pipeline has two pending leads and', pieceDelayMs: 20, breakAfter: 3 },
    ]);
    const b = bot;
    const dm = b.ws.store.dmWith(b.user)!.id;
    const asked = b.ws.user.say({ channel: dm, text: 'summarise the pipeline for my boss' });
    const answer = await b.waitFor(
      () => b.thread(asked.ts, dm).find((m) => m.tasks && !m.streaming && m.blocks),
      'the stream to be closed',
    );
    // What the model wrote before it failed stays; the closing line says why and offers the commands.
    expect(answer.text).toMatch(/^Your pipeline [^\n]*\n\nThe language model stopped answering: /);
    expect(JSON.stringify(answer.blocks)).toContain('pipeline status');
    expect(b.ws.calls.filter((c) => c.method === 'chat.stopStream')).toHaveLength(1);
    expect(b.ws.store.agent.statuses()).toEqual([]);
  });
});
