import { afterEach, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../src/workspace/delivery/sign.js';
import { type Leadbot, startLeadbot } from './helpers.js';

let bot: Leadbot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const runsOf = async (b: Leadbot, kind: string) => b.app.repos.runs.list({ limit: 50, kind });
const fromBot = (b: Leadbot, ts: string) => b.thread(ts).filter((m) => m.user === 'U0LEADBOT01');

/** A message event for the top level of #leads, signed as Slack signs it, delivered to POST /slack/events. */
async function deliverMessage(b: Leadbot, eventId: string, user: string, text: string, retry?: number) {
  const message = b.ws.store.post({ channel: b.leads, user, text });
  const body = JSON.stringify({
    token: 'verification-token',
    team_id: 'T0SANDBOX01',
    api_app_id: 'A0LEADBOT01',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0SANDBOX01', user_id: 'U0LEADBOT01', is_bot: true }],
    event: {
      type: 'message',
      channel: b.leads,
      channel_type: 'channel',
      user,
      text,
      ts: message.ts,
      event_ts: message.ts,
    },
  });
  const send = (headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${b.running.port}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signSlackRequest(b.ws.signingSecret, body, Math.floor(Date.now() / 1000)),
        ...headers,
      },
      body,
    });
  expect((await send()).status).toBe(200);
  for (let i = 1; i <= (retry ?? 0); i++)
    expect((await send({ 'x-slack-retry-num': String(i), 'x-slack-retry-reason': 'http_timeout' })).status).toBe(200);
  return message;
}

describe('Slack bot: the first message in #leads needs no mention', () => {
  it('answers a search typed without @leadbot in a thread, with live status and lead cards, and a read-only question too', async () => {
    bot = await startLeadbot();
    const asked = await bot.ask('find 3 healthcare companies in Buffalo', (r) =>
      r.some((m) => m.text.startsWith('Leads:') && bot!.buttons(m, 'lead_approve').length === 3),
    );
    const replies = bot.thread(asked.ts);
    expect(replies.every((m) => m.threadTs === asked.ts)).toBe(true);
    const status = await bot.waitFor(
      () => bot!.thread(asked.ts).find((m) => m.text.includes('waiting for your decision')),
      'the status message to reach its final state',
    );
    expect(status.text).toMatch(/^Finding companies: waiting for your decision — 3 of 3 healthcare companies/);
    const [run] = await runsOf(bot, 'search');
    expect(run).toMatchObject({ slackThreadTs: asked.ts, requestedBy: bot.user, status: 'awaiting_approval' });

    const status2 = await bot.ask('pipeline status', (r) => r.some((m) => m.text.includes('Pipeline status')));
    expect(fromBot(bot, status2.ts)).toHaveLength(1);
  });

  it('ignores chatter, anything that would act or ask for an approval, bots and other channels', async () => {
    bot = await startLeadbot({ DIGEST_CHANNEL: 'digest' });
    const digest = bot.ws.store.resolveChannel('digest')!.id;
    const ignored = [
      bot.ws.user.say({ channel: bot.leads, text: 'anyone up for lunch?' }),
      bot.ws.user.say({ channel: bot.leads, text: 'hi' }),
      bot.ws.user.say({ channel: bot.leads, text: 'run enrich' }),
      bot.ws.user.say({ channel: bot.leads, text: 'suppress acme.example' }),
      bot.ws.user.say({ channel: bot.leads, text: "don't search for law firms in Denver" }),
      bot.ws.user.say({ channel: bot.leads, text: 'which pitch works best, and why?' }),
    ];
    const otherBot = bot.ws.store.post({
      channel: bot.leads,
      user: 'U0OTHERBOT1',
      botId: 'B0OTHER0001',
      text: 'find 5 law firms in Denver',
    });
    bot.ws.events.botPosted(otherBot);
    const elsewhere = bot.ws.user.say({ channel: digest, text: 'find 5 law firms in Denver' });
    // The same request with a mention is answered: acting needs the mention, and has it here.
    const mentioned = await bot.ask('@leadbot run enrich', (r) => r.some((m) => m.user === 'U0LEADBOT01'));
    await bot.running.bot!.flush();
    await new Promise((r) => setTimeout(r, 300));
    for (const m of ignored) expect(fromBot(bot, m.ts), m.text).toEqual([]);
    expect(fromBot(bot, otherBot.ts)).toEqual([]);
    expect(bot.thread(elsewhere.ts, digest)).toEqual([]);
    expect(fromBot(bot, mentioned.ts).length).toBeGreaterThan(0);
    expect(await runsOf(bot, 'search')).toEqual([]);
    expect(await runsOf(bot, 'enrich')).toHaveLength(1);
    expect(await bot.app.repos.approvals.listPending()).toEqual([]);
  });

  it('answers a signed message event once, however often Slack delivers it, and never for someone outside the team', async () => {
    bot = await startLeadbot();
    const stranger = await deliverMessage(bot, 'Ev0STRANGER1', 'U0STRANGER1', 'find 5 law firms in Denver');
    const asked = await deliverMessage(bot, 'Ev0UNMENT001', bot.user, 'find 2 law firms in Denver', 2);
    await bot.waitFor(
      () => bot!.thread(asked.ts).some((m) => m.text.startsWith('Leads:')),
      'the lead cards in the thread',
    );
    await bot.running.bot!.flush();
    await new Promise((r) => setTimeout(r, 300));
    const runs = await runsOf(bot, 'search');
    expect(runs.map((r) => r.slackThreadTs)).toEqual([asked.ts]);
    expect(bot.thread(asked.ts).filter((m) => m.text.startsWith('Leads:'))).toHaveLength(1);
    expect(fromBot(bot, stranger.ts)).toEqual([]);
  });

  it('needs a mention for everything when ANSWER_WITHOUT_MENTION=false', async () => {
    bot = await startLeadbot({ ANSWER_WITHOUT_MENTION: 'false' });
    const plain = bot.ws.user.say({ channel: bot.leads, text: 'find 3 healthcare companies in Buffalo' });
    const mentioned = await bot.ask('@leadbot pipeline status', (r) => r.some((m) => m.text.includes('Pipeline')));
    await new Promise((r) => setTimeout(r, 300));
    expect(fromBot(bot, plain.ts)).toEqual([]);
    expect(fromBot(bot, mentioned.ts)).toHaveLength(1);
    expect(await runsOf(bot, 'search')).toEqual([]);
  });
});
