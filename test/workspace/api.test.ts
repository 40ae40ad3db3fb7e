import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi, type Harness, startHarness } from './helpers.js';

const LEADS = 'C0LEADS0001';
const DM = 'D0LEADBOT01';
const ME = 'U0LOCAL0001';
const BOT = 'U0LEADBOT01';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const blocks = [
  { type: 'section', text: { type: 'mrkdwn', text: '*Lead*' } },
  {
    type: 'actions',
    elements: [{ type: 'button', text: { type: 'plain_text', text: 'Approve' }, action_id: 'approve' }],
  },
];

describe('workspace Web API: auth and errors', () => {
  it('answers auth.test with the bot identity for the Bearer token, and refuses missing or wrong tokens', async () => {
    const ok = await callApi(h, 'auth.test', {});
    expect(ok.body).toMatchObject({
      ok: true,
      user_id: BOT,
      bot_id: 'B0LEADBOT01',
      team_id: 'T0SANDBOX01',
      user: 'leadbot',
    });
    expect(ok.body.url).toBe(`${h.baseUrl}/`);
    expect((await callApi(h, 'auth.test', {}, 'xoxb-wrong')).body).toEqual({ ok: false, error: 'invalid_auth' });
    const none = await fetch(`${h.ws.apiUrl}auth.test`, { method: 'POST' });
    expect(await none.json()).toEqual({ ok: false, error: 'not_authed' });
  });

  it('accepts the token as a form argument and JSON bodies as well as form-encoded ones', async () => {
    const form = await fetch(`${h.ws.apiUrl}auth.test`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${h.ws.botToken}`,
    });
    expect((await form.json()).ok).toBe(true);
    const json = await fetch(`${h.ws.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${h.ws.botToken}` },
      body: JSON.stringify({ channel: LEADS, text: 'from json', blocks }),
    });
    const body = await json.json();
    expect(body).toMatchObject({ ok: true, channel: LEADS, message: { text: 'from json' } });
    expect(body.message.blocks[1].elements[0].action_id).toBe('approve');
  });

  it('answers unknown methods with unknown_method and logs each only once', async () => {
    const warnings: unknown[] = [];
    await h.close();
    h = await startHarness({
      logger: { debug() {}, info() {}, error() {}, warn: (o: unknown) => warnings.push(o) } as never,
    });
    const r = await callApi(h, 'files.uploadV2', {});
    expect(r.body).toEqual({ ok: false, error: 'unknown_method', req_method: 'files.uploadV2' });
    await callApi(h, 'files.uploadV2', {});
    expect(warnings).toHaveLength(1);
  });

  it('rate-limits bursts of chat.postMessage to one channel with 429 and Retry-After', async () => {
    const results = [];
    for (let i = 0; i < 32; i++) results.push(await callApi(h, 'chat.postMessage', { channel: LEADS, text: `m${i}` }));
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.body).toEqual({ ok: false, error: 'ratelimited' });
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});

describe('workspace Web API: chat.*', () => {
  it('chat.postMessage returns ts, channel and the message; threads with thread_ts; resolves #names and user ids', async () => {
    const parent = await callApi(h, 'chat.postMessage', { channel: '#leads', text: 'parent', blocks });
    expect(parent.body).toMatchObject({ ok: true, channel: LEADS });
    expect(parent.body.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(parent.body.message).toMatchObject({
      type: 'message',
      user: BOT,
      bot_id: 'B0LEADBOT01',
      text: 'parent',
      ts: parent.body.ts,
    });
    expect(parent.body.message.blocks[0].block_id).toEqual(expect.any(String));
    const reply = await callApi(h, 'chat.postMessage', { channel: LEADS, text: 'reply', thread_ts: parent.body.ts });
    expect(reply.body.message.thread_ts).toBe(parent.body.ts);
    const dm = await callApi(h, 'chat.postMessage', { channel: ME, text: 'hi in DM' });
    expect(dm.body.channel).toBe(DM);
  });

  it('chat.postMessage refuses what Slack refuses', async () => {
    expect((await callApi(h, 'chat.postMessage', { channel: 'C0NOPE', text: 'x' })).body.error).toBe(
      'channel_not_found',
    );
    expect((await callApi(h, 'chat.postMessage', { channel: LEADS })).body.error).toBe('no_text');
    expect((await callApi(h, 'chat.postMessage', { channel: LEADS, text: 'x'.repeat(40_001) })).body.error).toBe(
      'msg_too_long',
    );
    expect(
      (await callApi(h, 'chat.postMessage', { channel: LEADS, text: 'x', thread_ts: '1.000001' })).body.error,
    ).toBe('thread_not_found');
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const r = await callApi(h, 'chat.postMessage', { channel: LEADS, text: 'x', blocks: tooMany });
    expect(r.body).toMatchObject({ ok: false, error: 'invalid_blocks' });
    expect(r.body.errors[0]).toBe('must be less than 51 items [json-pointer:/blocks]');
    const long = [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } }];
    const r2 = await callApi(h, 'chat.postMessage', { channel: LEADS, text: 'x', blocks: long });
    expect(r2.body.response_metadata.messages[0]).toContain('[json-pointer:/blocks/0/text/text]');
    const badStyle = [
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'A' }, style: 'green' }] },
    ];
    expect((await callApi(h, 'chat.postMessage', { channel: LEADS, text: 'x', blocks: badStyle })).body.error).toBe(
      'invalid_blocks',
    );
    expect((await callApi(h, 'chat.postMessage', { channel: LEADS, blocks: '[not json' })).body.error).toBe(
      'invalid_blocks_format',
    );
  });

  it('chat.update replaces text and blocks, marks the message edited, and only for the bot’s own messages', async () => {
    const posted = await callApi(h, 'chat.postMessage', { channel: LEADS, text: 'v1', blocks });
    const updated = await callApi(h, 'chat.update', { channel: LEADS, ts: posted.body.ts, text: 'v2', blocks: [] });
    expect(updated.body).toMatchObject({ ok: true, channel: LEADS, ts: posted.body.ts, text: 'v2' });
    expect(updated.body.message).toMatchObject({ text: 'v2', blocks: [], edited: { user: BOT } });
    const mine = h.ws.user.say({ channel: LEADS, text: 'human words' });
    expect((await callApi(h, 'chat.update', { channel: LEADS, ts: mine.ts, text: 'x' })).body.error).toBe(
      'cant_update_message',
    );
    expect((await callApi(h, 'chat.update', { channel: LEADS, ts: '1.000001', text: 'x' })).body.error).toBe(
      'message_not_found',
    );
  });

  it('chat.postEphemeral returns message_ts and shows only to that user; chat.delete removes; getPermalink links', async () => {
    const e = await callApi(h, 'chat.postEphemeral', { channel: LEADS, user: ME, text: 'only you' });
    expect(e.body).toEqual({ ok: true, message_ts: expect.stringMatching(/^\d+\.\d{6}$/) });
    expect(h.ws.store.ephemeralsFor(ME).map((x) => x.text)).toEqual(['only you']);
    expect((await callApi(h, 'chat.postEphemeral', { channel: LEADS, user: 'U0NOBODY', text: 'x' })).body.error).toBe(
      'user_not_found',
    );
    const posted = await callApi(h, 'chat.postMessage', { channel: LEADS, text: 'bye' });
    const link = await callApi(h, 'chat.getPermalink', { channel: LEADS, message_ts: posted.body.ts });
    expect(link.body.permalink).toBe(`${h.baseUrl}/archives/${LEADS}/p${posted.body.ts.replace('.', '')}`);
    expect((await callApi(h, 'chat.delete', { channel: LEADS, ts: posted.body.ts })).body).toEqual({
      ok: true,
      channel: LEADS,
      ts: posted.body.ts,
    });
    expect(h.ws.store.message(LEADS, posted.body.ts)).toBeUndefined();
  });

  it('chat.startStream / appendStream / stopStream build one message', async () => {
    const parent = await callApi(h, 'chat.postMessage', { channel: DM, text: 'q' });
    const s = await callApi(h, 'chat.startStream', { channel: DM, thread_ts: parent.body.ts, markdown_text: 'Hel' });
    await callApi(h, 'chat.appendStream', { channel: DM, ts: s.body.ts, markdown_text: 'lo' });
    const stop = await callApi(h, 'chat.stopStream', { channel: DM, ts: s.body.ts, markdown_text: '!' });
    expect(stop.body.message.text).toBe('Hello!');
    expect((await callApi(h, 'chat.appendStream', { channel: DM, ts: s.body.ts, markdown_text: 'x' })).body.error).toBe(
      'message_not_in_streaming_state',
    );
  });
});

describe('workspace Web API: conversations, users, reactions, assistant', () => {
  it('conversations.replies returns the parent then replies; history is newest first with cursor pagination', async () => {
    const parent = await callApi(h, 'chat.postMessage', { channel: LEADS, text: 'p' });
    for (const t of ['r1', 'r2', 'r3'])
      await callApi(h, 'chat.postMessage', { channel: LEADS, text: t, thread_ts: parent.body.ts });
    const replies = await callApi(h, 'conversations.replies', { channel: LEADS, ts: parent.body.ts });
    expect(replies.body.messages.map((m: { text: string }) => m.text)).toEqual(['p', 'r1', 'r2', 'r3']);
    expect(replies.body.messages[0]).toMatchObject({ reply_count: 3, reply_users: [BOT], thread_ts: parent.body.ts });
    expect(replies.body.messages[1]).toMatchObject({ thread_ts: parent.body.ts, parent_user_id: BOT });
    await callApi(h, 'chat.postMessage', { channel: LEADS, text: 'later' });
    const first = await callApi(h, 'conversations.history', { channel: LEADS, limit: 1 });
    expect(first.body).toMatchObject({ ok: true, has_more: true, messages: [{ text: 'later' }] });
    const second = await callApi(h, 'conversations.history', {
      channel: LEADS,
      limit: 1,
      cursor: first.body.response_metadata.next_cursor,
    });
    expect(second.body).toMatchObject({ has_more: false, messages: [{ text: 'p', reply_count: 3 }] });
    expect((await callApi(h, 'conversations.replies', { channel: LEADS, ts: '1.000001' })).body.error).toBe(
      'thread_not_found',
    );
  });

  it('conversations.info / open / list and users.info describe the workspace', async () => {
    expect((await callApi(h, 'conversations.info', { channel: LEADS })).body.channel).toMatchObject({
      id: LEADS,
      name: 'leads',
      is_channel: true,
      is_member: true,
    });
    expect((await callApi(h, 'conversations.info', { channel: DM })).body.channel).toMatchObject({
      id: DM,
      is_im: true,
      user: ME,
    });
    expect((await callApi(h, 'conversations.open', { users: ME })).body).toMatchObject({
      ok: true,
      channel: { id: DM },
    });
    const list = await callApi(h, 'conversations.list', { types: 'public_channel,im' });
    expect(list.body.channels.map((c: { id: string }) => c.id)).toEqual([LEADS, DM]);
    expect((await callApi(h, 'users.info', { user: ME })).body.user).toMatchObject({
      id: ME,
      is_bot: false,
      name: 'you',
    });
    expect((await callApi(h, 'users.info', { user: 'U0NOBODY' })).body.error).toBe('user_not_found');
  });

  it('reactions.add / remove track the bot’s reaction and refuse duplicates', async () => {
    const m = h.ws.user.say({ channel: LEADS, text: 'hello' });
    expect((await callApi(h, 'reactions.add', { channel: LEADS, timestamp: m.ts, name: 'eyes' })).body).toEqual({
      ok: true,
    });
    expect(h.ws.store.message(LEADS, m.ts)!.reactions).toEqual([{ name: 'eyes', users: [BOT] }]);
    expect((await callApi(h, 'reactions.add', { channel: LEADS, timestamp: m.ts, name: 'eyes' })).body.error).toBe(
      'already_reacted',
    );
    expect((await callApi(h, 'reactions.remove', { channel: LEADS, timestamp: m.ts, name: 'eyes' })).body.ok).toBe(
      true,
    );
    expect((await callApi(h, 'reactions.remove', { channel: LEADS, timestamp: m.ts, name: 'eyes' })).body.error).toBe(
      'no_reaction',
    );
  });

  it('assistant.threads.setStatus shows a status until the bot replies in that thread', async () => {
    const m = h.ws.user.say({ channel: DM, text: 'find leads' });
    await callApi(h, 'assistant.threads.setStatus', { channel_id: DM, thread_ts: m.ts, status: 'is thinking…' });
    expect(h.ws.store.agent.statuses()).toEqual([{ channel: DM, threadTs: m.ts, status: 'is thinking…' }]);
    await callApi(h, 'chat.postMessage', { channel: DM, thread_ts: m.ts, text: 'done' });
    expect(h.ws.store.agent.statuses()).toEqual([]);
  });
});

describe('workspace Web API: views.*', () => {
  const modal = {
    type: 'modal',
    callback_id: 'm',
    title: { type: 'plain_text', text: 'Edit' },
    submit: { type: 'plain_text', text: 'Save' },
    blocks: [
      {
        type: 'input',
        block_id: 'b',
        label: { type: 'plain_text', text: 'L' },
        element: { type: 'plain_text_input', action_id: 'a' },
      },
    ],
  };

  it('views.open needs a fresh trigger_id and returns the view; update, push and publish behave like Slack', async () => {
    expect((await callApi(h, 'views.open', { trigger_id: 'nope', view: modal })).body.error).toBe('invalid_trigger_id');
    const trigger = h.ws.store.identity.localUser.id;
    const triggerId = h.ws.triggers.issue(trigger);
    const opened = await callApi(h, 'views.open', { trigger_id: triggerId, view: modal });
    expect(opened.body.view).toMatchObject({
      id: expect.stringMatching(/^V/),
      type: 'modal',
      callback_id: 'm',
      state: { values: {} },
      hash: expect.any(String),
      root_view_id: opened.body.view.id,
      previous_view_id: null,
      app_id: 'A0LEADBOT01',
    });
    const conflict = await callApi(h, 'views.update', { view_id: opened.body.view.id, hash: 'old', view: modal });
    expect(conflict.body.error).toBe('hash_conflict');
    const updated = await callApi(h, 'views.update', {
      view_id: opened.body.view.id,
      hash: opened.body.view.hash,
      view: { ...modal, title: { type: 'plain_text', text: 'Edited' } },
    });
    expect(updated.body.view.title.text).toBe('Edited');
    const pushed = await callApi(h, 'views.push', { trigger_id: h.ws.triggers.issue(trigger), view: modal });
    expect(pushed.body.view.previous_view_id).toBe(opened.body.view.id);
    expect(h.ws.store.views.stack(ME)).toHaveLength(2);
    const home = await callApi(h, 'views.publish', {
      user_id: ME,
      view: { type: 'home', blocks: [{ type: 'divider' }] },
    });
    expect(home.body.view).toMatchObject({ type: 'home', blocks: [{ type: 'divider' }] });
    const noTitle = { ...modal, title: { type: 'plain_text', text: 'x'.repeat(25) } };
    const bad = await callApi(h, 'views.open', { trigger_id: h.ws.triggers.issue(trigger), view: noTitle });
    expect(bad.body.error).toBe('invalid_arguments');
    expect(bad.body.response_metadata.messages[0]).toContain('/view/title');
  });

  it('expires trigger ids after 3 seconds', async () => {
    await h.close();
    let now = Date.now();
    h = await startHarness({ now: () => new Date(now) });
    const triggerId = h.ws.triggers.issue(ME);
    now += 3001;
    const r = await callApi(h, 'views.open', { trigger_id: triggerId, view: modal });
    expect(r.body.error).toBe('expired_trigger_id');
  });

  it('works with the real @slack/web-api WebClient', async () => {
    const client = new webApi.WebClient(h.ws.botToken, { slackApiUrl: h.ws.apiUrl });
    const r = await client.chat.postMessage({ channel: LEADS, text: 'via WebClient', blocks });
    expect(r.ok).toBe(true);
    expect(h.ws.store.message(LEADS, r.ts!)!.text).toBe('via WebClient');
    await expect(client.chat.update({ channel: LEADS, ts: '1.000001', text: 'x' })).rejects.toMatchObject({
      data: { ok: false, error: 'message_not_found' },
    });
  });
});
