import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Running, start } from '../../src/main.js';
import { signSlackRequest } from '../../src/workspace/delivery/sign.js';
import { testDatabaseEnv } from '../helpers/db.js';
import { insertPendingLead } from '../helpers/fixtures.js';
import { type RecordedCall, startSlackStandIn } from '../helpers/slack-stand-in.js';
import { type LlmStandIn, type ScriptedReply, startOpenAiStandIn } from '../providers/llm/stand-ins.js';

const SECRET = '5ec7e7a1c0ffee00d15ea5edbadf00d5';
const HUMAN = 'U0HUMAN0001';
const TEAM = 'T0STANDIN01';
const DM = 'D0HUMAN0001';

let running: Running | undefined;
let slack: Awaited<ReturnType<typeof startSlackStandIn>> | undefined;
let llm: LlmStandIn | undefined;
afterEach(async () => {
  await running?.stop();
  await slack?.close();
  await llm?.close();
  running = slack = llm = undefined;
});

async function waitFor<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, what: string): Promise<T> {
  const until = Date.now() + 15_000;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** leadbot in HTTP mode against the Slack stand-in, with a streaming model and two pending leads. */
async function slackAgent(script: ScriptedReply[], refuse?: Record<string, string>) {
  slack = await startSlackStandIn({ refuse });
  llm = await startOpenAiStandIn(script);
  const dir = mkdtempSync(join(tmpdir(), 'leadbot-agent-'));
  running = await start(
    loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-agent',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      LLM_PROVIDER: 'openai',
      OPENAI_BASE_URL: `${llm.url}/v1`,
      OPENAI_API_KEY: 'sk-test',
      PORT: '0',
      DATABASE_PATH: join(dir, 'leadbot.db'),
      OUTBOX_DIR: join(dir, 'outbox'),
      LOG_LEVEL: 'silent',
      ...testDatabaseEnv(),
    }),
  );
  const app = running.app;
  await waitFor(() => app.llmService.available(), 'the model');
  await insertPendingLead(app.repos.companies, {}, 82);
  const port = running.port;
  const post = async (body: string, type: string) => {
    const headers = signSlackRequest(SECRET, body, Math.floor(Date.now() / 1000));
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: { ...headers, 'content-type': type },
      body,
    });
    expect(res.status).toBe(200);
  };
  let n = 0;
  const s = slack;
  return {
    app,
    calls: (method: string) => s.calls.filter((c) => c.method === method),
    event: (event: Record<string, unknown>) =>
      post(
        JSON.stringify({
          token: 'x',
          team_id: TEAM,
          api_app_id: 'A0STANDIN01',
          type: 'event_callback',
          event_id: `Ev0AGENT${++n}`,
          event_time: Math.floor(Date.now() / 1000),
          event,
        }),
        'application/json',
      ),
    interact: (payload: Record<string, unknown>) =>
      post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded'),
  };
}

const chunksOf = (c: RecordedCall) => (c.args.chunks ?? []) as { type: string; text?: string; status?: string }[];
const user = { id: HUMAN, username: 'dana', name: 'dana', team_id: TEAM };

describe('the agent surface against Slack (HTTP mode)', () => {
  it('prompts on a new agent thread (both views), titles it, streams the answer with steps, records feedback', async () => {
    const s = await slackAgent([
      { toolCalls: [{ name: 'list_leads', args: { status: 'pending' } }] },
      { content: 'Call *Lakeview Family Health* (#1) first: it scores 82.', pieceDelayMs: 80 },
    ]);
    await s.event({
      type: 'app_home_opened',
      user: HUMAN,
      channel: DM,
      tab: 'messages',
      event_ts: '1800000001.000001',
    });
    const agentView = await waitFor(() => s.calls('assistant.threads.setSuggestedPrompts')[0], 'agent-view prompts');
    expect(agentView.args).toMatchObject({ channel_id: DM, title: 'What would you like to do?' });
    expect(agentView.args.thread_ts).toBeUndefined();
    await s.event({
      type: 'assistant_thread_started',
      assistant_thread: { user_id: HUMAN, channel_id: DM, thread_ts: '1800000002.000001', context: {} },
      event_ts: '1800000002.000002',
    });
    const assistantView = await waitFor(() => s.calls('assistant.threads.setSuggestedPrompts')[1], 'thread prompts');
    expect(assistantView.args).toMatchObject({ channel_id: DM, thread_ts: '1800000002.000001' });
    expect((assistantView.args.prompts as { message: string }[]).map((p) => p.message)).toContain('list pending leads');

    const ts = '1800000003.000001';
    const text = 'Which of my pending leads should I call first?';
    await s.event({
      type: 'message',
      channel: DM,
      channel_type: 'im',
      user: HUMAN,
      team: TEAM,
      text,
      ts,
      event_ts: ts,
    });
    const stop = await waitFor(() => s.calls('chat.stopStream')[0], 'the end of the stream');
    expect(s.calls('assistant.threads.setTitle')[0]?.args).toMatchObject({
      channel_id: DM,
      thread_ts: ts,
      title: text,
    });
    const statuses = s.calls('assistant.threads.setStatus').map((c) => c.args);
    expect(statuses[0]).toMatchObject({ channel_id: DM, thread_ts: ts, status: 'Thinking…' });
    await waitFor(() => s.calls('assistant.threads.setStatus').at(-1)?.args.status === '', 'the status cleared');

    const stream = slack!.calls.filter((c) => /^chat\.(start|append|stop)Stream$/.test(c.method));
    expect(stream.map((c) => c.method)).toEqual([
      'chat.startStream',
      ...stream.slice(1, -1).map(() => 'chat.appendStream'),
      'chat.stopStream',
    ]);
    expect(stream.length).toBeGreaterThan(2);
    expect(stream[0]!.args).toMatchObject({
      channel: DM,
      thread_ts: ts,
      recipient_user_id: HUMAN,
      recipient_team_id: TEAM,
    });
    const chunks = stream.flatMap(chunksOf);
    expect(chunks.filter((c) => c.type === 'task_update').map((c) => c.status)).toEqual(['in_progress', 'complete']);
    expect(
      chunks
        .filter((c) => c.type === 'markdown_text')
        .map((c) => c.text)
        .join(''),
    ).toBe('Call **Lakeview Family Health** (#1) first: it scores 82.');
    expect(stream.slice(1).every((c) => c.args.ts === stream[1]!.args.ts)).toBe(true);
    const blocks = JSON.stringify(stop.args.blocks);
    const value = /"value":"(not_helpful:[^"]+)"/.exec(blocks)![1]!;
    const runId = value.split(':')[1]!;
    expect(blocks).toContain('"action_id":"run_details"');
    // The answer is the one message about the run; only the lead cards it found follow it.
    const inThread = () => s.calls('chat.postMessage').filter((c) => c.args.thread_ts === ts);
    await waitFor(() => inThread().length >= 2, 'the lead cards under the answer');
    expect(inThread().map((c) => c.args.text)).toEqual(['Leads: Lakeview Family Health', '1 high-tier leads waiting']);
    expect(slack!.calls.indexOf(inThread()[0]!)).toBeGreaterThan(slack!.calls.indexOf(stop));

    // Slack's feedback click, then the reason modal's submission.
    const streamTs = String(stream[1]!.args.ts);
    await s.interact({
      type: 'block_actions',
      user,
      team: { id: TEAM, domain: 'standin' },
      api_app_id: 'A0STANDIN01',
      token: 'x',
      trigger_id: '1.2.3',
      container: { type: 'message', message_ts: streamTs, channel_id: DM, is_ephemeral: false },
      channel: { id: DM, name: 'directmessage' },
      message: { ts: streamTs, thread_ts: ts, text: '', blocks: stop.args.blocks },
      actions: [
        {
          type: 'feedback_buttons',
          action_id: 'answer_feedback',
          block_id: `feedback:${runId}`,
          value,
          action_ts: '1.1',
        },
      ],
    });
    const opened = await waitFor(() => s.calls('views.open')[0], 'the reason modal');
    const view = opened.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('answer_feedback_reason');
    await s.interact({
      type: 'view_submission',
      user,
      team: { id: TEAM, domain: 'standin' },
      api_app_id: 'A0STANDIN01',
      token: 'x',
      trigger_id: '1.2.4',
      view: {
        id: 'V0REASON01',
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: { values: { reason: { value: { type: 'plain_text_input', value: 'Too short' } } } },
      },
    });
    const rows = await waitFor(async () => {
      const r = await s.app.repos.feedback.forRun(runId);
      return r[0]?.reason ? r : undefined;
    }, 'the feedback row');
    expect(rows[0]).toMatchObject({ userId: HUMAN, verdict: 'not_helpful', reason: 'Too short' });
  });

  it('streams to a channel thread for the person who asked, ending with the approval buttons it asked for', async () => {
    const s = await slackAgent([
      { toolCalls: [{ name: 'request_approval', args: { kind: 'lead', subjectId: '#1', why: 'Best score' } }] },
      { content: 'I asked for Lakeview Family Health (#1) to be approved: click Approve on the card.' },
    ]);
    const ts = '1800000010.000001';
    await s.event({
      type: 'app_mention',
      user: HUMAN,
      team: TEAM,
      text: '<@U0STANDIN01> please get the best lead approved, and tell me why',
      ts,
      channel: 'C0SALES0001',
      event_ts: ts,
    });
    const stop = await waitFor(() => s.calls('chat.stopStream')[0], 'the end of the stream');
    const blocks = JSON.stringify(stop.args.blocks);
    expect(blocks).toContain('"action_id":"request_confirm"');
    expect(blocks).toContain('feedback_buttons');
    expect(blocks.indexOf('request_confirm')).toBeLessThan(blocks.indexOf('feedback_buttons'));
    expect(await s.app.repos.approvals.get('lead', '1')).toMatchObject({ status: 'pending' });
    expect(s.calls('chat.startStream')[0]!.args).toMatchObject({
      channel: 'C0SALES0001',
      thread_ts: ts,
      recipient_user_id: HUMAN,
      recipient_team_id: TEAM,
    });
    expect(s.calls('assistant.threads.setTitle')).toEqual([]);
  });

  it('ends the stream with a clear line and the commands, and clears the status, when the model fails mid-answer', async () => {
    const s = await slackAgent([
      { toolCalls: [{ name: 'pipeline_status', args: {} }] },
      { content: 'Your pipeline has two pending leads and', pieceDelayMs: 20, breakAfter: 3 },
    ]);
    const ts = '1800000030.000001';
    await s.event({
      type: 'message',
      channel: DM,
      channel_type: 'im',
      user: HUMAN,
      team: TEAM,
      text: 'summarise the pipeline for my boss',
      ts,
      event_ts: ts,
    });
    const stop = await waitFor(() => s.calls('chat.stopStream')[0], 'the end of the stream');
    const stream = slack!.calls.filter((c) => /^chat\.(start|append|stop)Stream$/.test(c.method));
    expect(stream.map((c) => c.method)).toEqual([
      'chat.startStream',
      ...stream.slice(1, -1).map(() => 'chat.appendStream'),
      'chat.stopStream',
    ]);
    // What the model wrote before it failed stays; the closing line says why and offers the commands.
    const text = stream
      .flatMap(chunksOf)
      .filter((c) => c.type === 'markdown_text')
      .map((c) => c.text)
      .join('');
    expect(text).toMatch(/^Your pipeline [^\n]*\n\nThe language model stopped answering: /);
    expect(JSON.stringify(stop.args.blocks)).toContain('"value":"pipeline status"');
    await waitFor(() => s.calls('assistant.threads.setStatus').at(-1)?.args.status === '', 'the status cleared');
    expect(
      s
        .calls('chat.postMessage')
        .filter((c) => c.args.thread_ts === ts && /stopped answering/.test(String(c.args.text))),
    ).toEqual([]);
  });

  it('posts the answer whole, with its feedback buttons, when Slack refuses the stream', async () => {
    const s = await slackAgent([{ content: 'Start with *Lakeview Family Health* (#1).' }], {
      'chat.startStream': 'missing_scope',
    });
    const ts = '1800000020.000001';
    await s.event({
      type: 'message',
      channel: DM,
      channel_type: 'im',
      user: HUMAN,
      text: 'what now, and why?',
      ts,
      event_ts: ts,
    });
    const posted = await waitFor(
      () => s.calls('chat.postMessage').find((c) => c.args.thread_ts === ts),
      'the answer posted whole',
    );
    expect(posted.args.text).toBe('Start with *Lakeview Family Health* (#1).');
    expect(JSON.stringify(posted.args.blocks)).toContain('feedback_buttons');
    expect(s.calls('chat.appendStream')).toEqual([]);
    expect(s.calls('chat.stopStream')).toEqual([]);
  });
});
