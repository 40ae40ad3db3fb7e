import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi, type Harness, startHarness } from './helpers.js';

const LEADS = 'C0LEADS0001';
const DM = 'D0LEADBOT01';
const ME = 'U0LOCAL0001';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const feedback = {
  type: 'context_actions',
  block_id: 'fb',
  elements: [
    {
      type: 'feedback_buttons',
      action_id: 'answer_feedback',
      positive_button: { text: { type: 'plain_text', text: 'Helpful' }, value: 'good' },
      negative_button: { text: { type: 'plain_text', text: 'Not helpful' }, value: 'bad' },
    },
  ],
};

describe('workspace Web API: the agent surface', () => {
  it('keeps suggested prompts for the Messages tab; a call with thread_ts changes nothing, as for an agent-view app', async () => {
    const prompts = [{ title: 'Pipeline', message: 'pipeline status' }];
    const ok = await callApi(h, 'assistant.threads.setSuggestedPrompts', { channel_id: DM, title: 'Try', prompts });
    expect(ok.body.ok).toBe(true);
    expect(h.ws.store.agent.prompts()).toEqual([{ channel: DM, title: 'Try', prompts }]);
    const m = h.ws.user.say({ channel: DM, text: 'hi' });
    await callApi(h, 'assistant.threads.setSuggestedPrompts', { channel_id: DM, thread_ts: m.ts, prompts: [] });
    const threaded = await callApi(h, 'assistant.threads.setSuggestedPrompts', {
      channel_id: DM,
      thread_ts: m.ts,
      prompts: [{ title: 'Other', message: 'other' }],
    });
    expect(threaded.body.ok).toBe(true);
    expect(h.ws.store.agent.prompts()).toHaveLength(1);
    const five = Array.from({ length: 5 }, (_, i) => ({ title: `t${i}`, message: `m${i}` }));
    expect(
      (await callApi(h, 'assistant.threads.setSuggestedPrompts', { channel_id: DM, prompts: five })).body.error,
    ).toBe('invalid_arguments');
  });

  it('titles a thread, and keeps a status with its loading messages until the app answers', async () => {
    const m = h.ws.user.say({ channel: DM, text: 'find dentists' });
    await callApi(h, 'assistant.threads.setTitle', { channel_id: DM, thread_ts: m.ts, title: 'Find  dentists' });
    expect(h.ws.store.agent.titles()).toEqual([{ channel: DM, threadTs: m.ts, title: 'Find dentists' }]);
    expect(
      (await callApi(h, 'assistant.threads.setTitle', { channel_id: DM, thread_ts: '1.2', title: 'x' })).body.error,
    ).toBe('invalid_thread_ts');
    await callApi(h, 'assistant.threads.setStatus', {
      channel_id: DM,
      thread_ts: m.ts,
      status: 'Scoring 7 of 10…',
      loading_messages: ['Scoring 7 of 10…', 'Almost there…'],
    });
    expect(h.ws.store.agent.statuses()).toEqual([
      { channel: DM, threadTs: m.ts, status: 'Scoring 7 of 10…', loading: ['Scoring 7 of 10…', 'Almost there…'] },
    ]);
    await callApi(h, 'assistant.threads.setStatus', { channel_id: DM, thread_ts: m.ts, status: '' });
    expect(h.ws.store.agent.statuses()).toEqual([]);
  });

  it('builds a streamed message from chunks: text, tasks by id, then the end blocks under the text', async () => {
    const q = h.ws.user.say({ channel: DM, text: 'q' });
    const s = await callApi(h, 'chat.startStream', {
      channel: DM,
      thread_ts: q.ts,
      chunks: [{ type: 'task_update', id: 't1', title: 'Listing leads', status: 'in_progress' }],
    });
    const live = () => h.ws.store.message(DM, s.body.ts)!;
    expect(live()).toMatchObject({ streaming: true, taskDisplayMode: 'timeline', text: '' });
    await callApi(h, 'chat.appendStream', {
      channel: DM,
      ts: s.body.ts,
      chunks: [
        { type: 'task_update', id: 't1', title: 'Listing leads', status: 'complete', output: '2 leads' },
        { type: 'markdown_text', text: '**Two** leads' },
      ],
    });
    expect(live().tasks).toEqual([{ id: 't1', title: 'Listing leads', status: 'complete', output: '2 leads' }]);
    expect(live().text).toBe('**Two** leads');
    const stop = await callApi(h, 'chat.stopStream', {
      channel: DM,
      ts: s.body.ts,
      chunks: [{ type: 'markdown_text', text: ' pending.' }],
      blocks: [feedback],
    });
    expect(stop.body.ok).toBe(true);
    expect(live().streaming).toBe(false);
    expect(live().blocks?.map((b) => b.type)).toEqual(['markdown', 'context_actions']);
    expect(live().blocks?.[0]).toEqual({ type: 'markdown', text: '**Two** leads pending.' });
    const bad = await callApi(h, 'chat.startStream', { channel: DM, chunks: [{ type: 'nonsense' }] });
    expect(bad.body.error).toBe('invalid_chunks');
  });

  it('needs the recipient outside DMs', async () => {
    const q = h.ws.user.say({ channel: LEADS, text: 'q' });
    const without = await callApi(h, 'chat.startStream', { channel: LEADS, thread_ts: q.ts, markdown_text: 'x' });
    expect(without.body.error).toBe('invalid_arguments');
    const withIt = await callApi(h, 'chat.startStream', {
      channel: LEADS,
      thread_ts: q.ts,
      markdown_text: 'x',
      recipient_user_id: ME,
      recipient_team_id: 'T0SANDBOX01',
    });
    expect(withIt.body.ok).toBe(true);
  });

  it('sends a feedback click as Slack does: the chosen button’s value', async () => {
    await h.close();
    const payloads: Record<string, unknown>[] = [];
    h = await startHarness({
      extra: async (req, res) => {
        if (req.url !== '/slack/events') return false;
        let body = '';
        for await (const chunk of req) body += chunk;
        const payload = new URLSearchParams(body).get('payload');
        if (payload) payloads.push(JSON.parse(payload));
        res.writeHead(200).end();
        return true;
      },
    });
    const posted = await callApi(h, 'chat.postMessage', { channel: DM, text: 'answer', blocks: [feedback] });
    const result = await h.ws.user.click({
      channel: DM,
      messageTs: posted.body.ts,
      blockId: 'fb',
      actionId: 'answer_feedback',
      selected: 'negative',
    });
    expect(result.ok).toBe(true);
    expect(payloads[0]).toMatchObject({
      type: 'block_actions',
      user: { id: ME },
      actions: [{ type: 'feedback_buttons', action_id: 'answer_feedback', block_id: 'fb', value: 'bad' }],
    });
  });
});
