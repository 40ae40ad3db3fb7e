import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifySlackRequest } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { readBody } from '../../src/workspace/http.js';
import { callApi, type Harness, startHarness, waitFor } from './helpers.js';

const LEADS = 'C0LEADS0001';
const DM = 'D0LEADBOT01';
const ME = 'U0LOCAL0001';
const BOT = 'U0LEADBOT01';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: assertions read deep payload JSON
  json: Record<string, any>;
}

/** A stand-in bot at /slack/events that records requests and answers with `answer`. */
function standInBot(
  answer: (r: Received, n: number) => { status?: number; body?: string; delayMs?: number } = () => ({}),
) {
  const received: Received[] = [];
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/slack/events') return false;
    const body = await readBody(req);
    const type = String(req.headers['content-type']);
    const json = type.includes('json')
      ? JSON.parse(body)
      : new URLSearchParams(body).has('payload')
        ? JSON.parse(new URLSearchParams(body).get('payload')!)
        : Object.fromEntries(new URLSearchParams(body));
    const r = { headers: req.headers, body, json };
    received.push(r);
    const a = answer(r, received.length);
    if (a.delayMs) await new Promise((resolve) => setTimeout(resolve, a.delayMs));
    if (!res.destroyed) res.writeHead(a.status ?? 200, { 'content-type': 'application/json' }).end(a.body ?? '');
    return true;
  };
  return { received, handler };
}

function verifies(h: Harness, r: Received): boolean {
  verifySlackRequest({
    signingSecret: h.ws.signingSecret,
    body: r.body,
    headers: {
      'x-slack-signature': String(r.headers['x-slack-signature']),
      'x-slack-request-timestamp': Number(r.headers['x-slack-request-timestamp']),
    },
  });
  return true;
}

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('delivering events to the bot', () => {
  it('a message mentioning @leadbot in #leads becomes app_mention and message events, each signed and unique', async () => {
    const bot = standInBot();
    h = await startHarness({ extra: bot.handler });
    const m = h.ws.user.say({ channel: LEADS, text: '@leadbot find 5 healthcare companies in Buffalo' });
    await waitFor(() => bot.received.length === 2, 3000, 'two events');
    const types = bot.received.map((r) => r.json.event.type).sort();
    expect(types).toEqual(['app_mention', 'message']);
    for (const r of bot.received) {
      expect(verifies(h, r)).toBe(true);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.json).toMatchObject({
        type: 'event_callback',
        team_id: 'T0SANDBOX01',
        api_app_id: 'A0LEADBOT01',
        event_id: expect.stringMatching(/^Ev[A-Z0-9]+$/),
        event_time: expect.any(Number),
        authorizations: [{ user_id: BOT, is_bot: true }],
      });
    }
    expect(new Set(bot.received.map((r) => r.json.event_id)).size).toBe(2);
    const mention = bot.received.find((r) => r.json.event.type === 'app_mention')!.json.event;
    expect(mention).toMatchObject({
      user: ME,
      channel: LEADS,
      ts: m.ts,
      event_ts: m.ts,
      text: `<@${BOT}> find 5 healthcare companies in Buffalo`,
      client_msg_id: expect.any(String),
    });
    expect(mention.blocks[0].type).toBe('rich_text');
    const message = bot.received.find((r) => r.json.event.type === 'message')!.json.event;
    expect(message.channel_type).toBe('channel');
  });

  it('a leading "leadbot" in a channel is a mention too; a DM is a message.im event and never app_mention', async () => {
    const bot = standInBot();
    h = await startHarness({ extra: bot.handler });
    h.ws.user.say({ channel: LEADS, text: 'leadbot: status please' });
    await waitFor(() => bot.received.length === 2);
    expect(bot.received.find((r) => r.json.event.type === 'app_mention')!.json.event.text).toBe(
      `<@${BOT}> status please`,
    );
    bot.received.length = 0;
    const dm = h.ws.user.say({ channel: DM, text: 'hello <b>there</b> & https://example.com/x' });
    await waitFor(() => bot.received.length === 1);
    expect(bot.received[0]!.json.event).toMatchObject({
      type: 'message',
      channel: DM,
      channel_type: 'im',
      ts: dm.ts,
      text: 'hello &lt;b&gt;there&lt;/b&gt; &amp; <https://example.com/x>',
    });
  });

  it('only delivers what the app subscribes to', async () => {
    const bot = standInBot();
    h = await startHarness({ extra: bot.handler, subscriptions: ['app_mention'] });
    h.ws.user.say({ channel: LEADS, text: 'no mention here' });
    h.ws.user.say({ channel: LEADS, text: '@leadbot hi' });
    await waitFor(() => bot.received.length === 1);
    await h.ws.events.settled();
    expect(bot.received.map((r) => r.json.event.type)).toEqual(['app_mention']);
  });

  it('retries an unacknowledged event with the same event_id and X-Slack-Retry-Num / Reason', async () => {
    const bot = standInBot((_r, n) => (n === 1 ? { status: 500 } : n === 2 ? { delayMs: 400 } : {}));
    h = await startHarness({ extra: bot.handler, ackTimeoutMs: 200, subscriptions: ['message.im'] });
    h.ws.user.say({ channel: DM, text: 'hi' });
    await waitFor(() => bot.received.length === 3, 5000, 'three attempts');
    await h.ws.events.settled();
    expect(new Set(bot.received.map((r) => r.json.event_id)).size).toBe(1);
    expect(bot.received.map((r) => r.headers['x-slack-retry-num'])).toEqual([undefined, '1', '2']);
    expect(bot.received.map((r) => r.headers['x-slack-retry-reason'])).toEqual([
      undefined,
      'http_error',
      'http_timeout',
    ]);
    expect(h.ws.events.log.at(-1)!.result).toMatchObject({ ok: true, attempts: 3 });
    for (const r of bot.received) expect(verifies(h, r)).toBe(true);
  });

  it('stops retrying when the bot answers X-Slack-No-Retry: 1', async () => {
    const received: number[] = [];
    const bot = async (req: IncomingMessage, res: ServerResponse) => {
      if (!req.url?.startsWith('/slack/events')) return false;
      await readBody(req);
      received.push(Date.now());
      res.writeHead(500, { 'x-slack-no-retry': '1' }).end();
      return true;
    };
    h = await startHarness({ extra: bot, subscriptions: ['message.im'] });
    h.ws.user.say({ channel: DM, text: 'hi' });
    await waitFor(() => received.length === 1);
    await h.ws.events.settled();
    expect(received).toHaveLength(1);
    expect(h.ws.events.log[0]!.result).toMatchObject({ ok: false, status: 500, attempts: 1 });
  });

  it('echoes the bot’s own posts, edits and deletions as message events (Bolt ignores its own)', async () => {
    const bot = standInBot();
    h = await startHarness({ extra: bot.handler });
    const posted = await callApi(h, 'chat.postMessage', { channel: LEADS, text: 'v1' });
    await callApi(h, 'chat.update', { channel: LEADS, ts: posted.body.ts, text: 'v2' });
    await callApi(h, 'chat.delete', { channel: LEADS, ts: posted.body.ts });
    await waitFor(() => bot.received.length === 3);
    const events = bot.received.map((r) => r.json.event).sort((a, b) => Number(a.event_ts) - Number(b.event_ts));
    expect(events[0]).toMatchObject({ type: 'message', user: BOT, bot_id: 'B0LEADBOT01', text: 'v1' });
    expect(events[1]).toMatchObject({
      subtype: 'message_changed',
      message: { text: 'v2' },
      previous_message: { text: 'v1' },
    });
    expect(events[2]).toMatchObject({ subtype: 'message_deleted', deleted_ts: posted.body.ts });
  });

  it('opening App Home sends app_home_opened with the DM channel and the published view', async () => {
    const bot = standInBot();
    h = await startHarness({ extra: bot.handler });
    await callApi(h, 'views.publish', { user_id: ME, view: { type: 'home', blocks: [{ type: 'divider' }] } });
    h.ws.user.openHome();
    await waitFor(() => bot.received.length === 1);
    expect(bot.received[0]!.json.event).toMatchObject({
      type: 'app_home_opened',
      user: ME,
      channel: DM,
      tab: 'home',
      view: { type: 'home' },
    });
  });
});

describe('interactivity and slash commands', () => {
  const card = [
    { type: 'section', block_id: 'info', text: { type: 'mrkdwn', text: '*Lakeside*' } },
    {
      type: 'actions',
      block_id: 'lead_7',
      elements: [
        {
          type: 'button',
          action_id: 'approve',
          text: { type: 'plain_text', text: 'Approve' },
          style: 'primary',
          value: '7',
        },
        {
          type: 'static_select',
          action_id: 'tier',
          options: ['a', 'b'].map((v) => ({ text: { type: 'plain_text', text: v.toUpperCase() }, value: v })),
        },
      ],
    },
  ];

  it('a click sends a signed form-encoded block_actions payload= with actions, container, message, trigger and response_url', async () => {
    const bot = standInBot();
    h = await startHarness({ extra: bot.handler, subscriptions: [] });
    const posted = await callApi(h, 'chat.postMessage', { channel: LEADS, text: 'card', blocks: card });
    const result = await h.ws.user.click({
      channel: LEADS,
      messageTs: posted.body.ts,
      blockId: 'lead_7',
      actionId: 'approve',
      values: { lead_7: { tier: 'b' } },
    });
    expect(result.ok).toBe(true);
    const r = bot.received[0]!;
    expect(verifies(h, r)).toBe(true);
    expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(r.body.startsWith('payload=')).toBe(true);
    expect(r.json).toMatchObject({
      type: 'block_actions',
      user: { id: ME, username: 'you', team_id: 'T0SANDBOX01' },
      api_app_id: 'A0LEADBOT01',
      team: { id: 'T0SANDBOX01' },
      container: { type: 'message', message_ts: posted.body.ts, channel_id: LEADS, is_ephemeral: false },
      channel: { id: LEADS, name: 'leads' },
      message: { ts: posted.body.ts, text: 'card', bot_id: 'B0LEADBOT01' },
      trigger_id: expect.stringMatching(/^\d+\.\d+\.[0-9a-f]+$/),
      response_url: expect.stringContaining(`${h.baseUrl}/workspace/respond/`),
      actions: [
        {
          type: 'button',
          action_id: 'approve',
          block_id: 'lead_7',
          value: '7',
          style: 'primary',
          text: { type: 'plain_text', text: 'Approve' },
          action_ts: expect.any(String),
        },
      ],
      state: { values: { lead_7: { tier: { type: 'static_select', selected_option: { value: 'b' } } } } },
    });
  });

  it('response_url: replace_original updates the card, a plain answer is ephemeral, in_channel posts; 5 uses at most', async () => {
    const bot = standInBot();
    h = await startHarness({ extra: bot.handler, subscriptions: [] });
    const posted = await callApi(h, 'chat.postMessage', { channel: LEADS, text: 'card', blocks: card });
    await h.ws.user.click({ channel: LEADS, messageTs: posted.body.ts, blockId: 'lead_7', actionId: 'approve' });
    const url = bot.received[0]!.json.response_url as string;
    const respond = (body: unknown) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await respond({ replace_original: true, text: 'Approved' })).status).toBe(200);
    expect(h.ws.store.message(LEADS, posted.body.ts)!.text).toBe('Approved');
    await respond({ text: 'Only you can see this' });
    expect(h.ws.store.ephemeralsFor(ME).map((e) => e.text)).toEqual(['Only you can see this']);
    await respond({ response_type: 'in_channel', text: 'Everyone sees this' });
    expect(h.ws.store.history(LEADS).map((m) => m.text)).toContain('Everyone sees this');
    await respond({ delete_original: true });
    expect(h.ws.store.message(LEADS, posted.body.ts)).toBeUndefined();
    await respond({ text: 'fifth' });
    const sixth = await respond({ text: 'sixth' });
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toEqual({ ok: false, error: 'used_url' });
  });

  it('view_submission carries view.state.values; response_action errors keep the modal, an empty ack closes it', async () => {
    let answer = '';
    const bot = standInBot(() => ({ body: answer }));
    h = await startHarness({ extra: bot.handler, subscriptions: [] });
    const trigger = h.ws.triggers.issue(ME);
    const opened = await callApi(h, 'views.open', {
      trigger_id: trigger,
      view: {
        type: 'modal',
        callback_id: 'note',
        title: { type: 'plain_text', text: 'Note' },
        submit: { type: 'plain_text', text: 'Save' },
        blocks: [
          {
            type: 'input',
            block_id: 'n',
            label: { type: 'plain_text', text: 'Note' },
            element: { type: 'plain_text_input', action_id: 'v' },
          },
        ],
      },
    });
    const viewId = opened.body.view.id as string;
    expect(await h.ws.user.submitView({ viewId, values: {} })).toEqual({
      kind: 'errors',
      errors: { n: 'Please fill out this field.' },
    });
    expect(bot.received).toHaveLength(0);
    answer = JSON.stringify({ response_action: 'errors', errors: { n: 'Too short' } });
    expect(await h.ws.user.submitView({ viewId, values: { n: { v: 'hi' } } })).toEqual({
      kind: 'errors',
      errors: { n: 'Too short' },
    });
    const payload = bot.received[0]!.json;
    expect(verifies(h, bot.received[0]!)).toBe(true);
    expect(payload).toMatchObject({
      type: 'view_submission',
      user: { id: ME },
      view: {
        id: viewId,
        callback_id: 'note',
        state: { values: { n: { v: { type: 'plain_text_input', value: 'hi' } } } },
      },
    });
    answer = '';
    expect(await h.ws.user.submitView({ viewId, values: { n: { v: 'long enough' } } })).toEqual({ kind: 'closed' });
    expect(h.ws.store.views.stack(ME)).toHaveLength(0);
  });

  it('a slash command is form-encoded with text, trigger_id and response_url; its ack text shows only to the user', async () => {
    const bot = standInBot(() => ({ body: JSON.stringify({ text: 'Working on it…' }) }));
    h = await startHarness({ extra: bot.handler, subscriptions: [] });
    const result = await h.ws.user.command({ channel: LEADS, command: '/leadbot', text: 'find 5 dentists in Buffalo' });
    expect(result.ok).toBe(true);
    const r = bot.received[0]!;
    expect(verifies(h, r)).toBe(true);
    expect(r.json).toMatchObject({
      command: '/leadbot',
      text: 'find 5 dentists in Buffalo',
      user_id: ME,
      channel_id: LEADS,
      channel_name: 'leads',
      team_id: 'T0SANDBOX01',
      trigger_id: expect.any(String),
      response_url: expect.stringContaining('/workspace/respond/'),
    });
    expect(h.ws.store.ephemeralsFor(ME).map((e) => e.text)).toEqual(['Working on it…']);
  });

  it('tells the user when the bot does not answer a command', async () => {
    const bot = standInBot(() => ({ status: 500 }));
    h = await startHarness({ extra: bot.handler });
    await h.ws.user.command({ channel: LEADS, command: '/leadbot', text: 'x' });
    expect(h.ws.store.ephemeralsFor(ME)[0]!.text).toBe('/leadbot failed with the error "http_service_error"');
  });
});
