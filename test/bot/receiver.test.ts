import { afterEach, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../src/workspace/delivery/sign.js';
import { type Leadbot, startLeadbot } from './helpers.js';

let bot: Leadbot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/** An Events API envelope for a message from the local user in #leads, mentioning the bot. */
function mentionEnvelope(b: Leadbot, eventId: string, ts: string, text: string) {
  return {
    token: 'verification-token',
    team_id: 'T0SANDBOX01',
    api_app_id: 'A0LEADBOT01',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0SANDBOX01', user_id: 'U0LEADBOT01', is_bot: true }],
    event: {
      type: 'app_mention',
      user: b.user,
      text: `<@U0LEADBOT01> ${text}`,
      ts,
      channel: b.leads,
      event_ts: ts,
    },
  };
}

/** Posts a body to the bot's /slack/events as Slack would, signed (or not) as given. */
async function post(b: Leadbot, body: string, headers: Record<string, string>) {
  const res = await fetch(`http://127.0.0.1:${b.running.port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, text: await res.text() };
}

const searchRuns = async (b: Leadbot) => (await b.app.repos.runs.list({ limit: 50, kind: 'search' })).length;

describe('Slack bot: the HTTP receiver', () => {
  it('rejects a bad signature and a timestamp older than five minutes with 401, and processes nothing', async () => {
    bot = await startLeadbot();
    const body = JSON.stringify(mentionEnvelope(bot, 'Ev0BAD00001', '1700000000.000100', 'find 5 law firms in Denver'));
    const now = Math.floor(Date.now() / 1000);
    const forged = signSlackRequest('not-the-secret', body, now);
    expect((await post(bot, body, forged)).status).toBe(401);
    const stale = signSlackRequest(bot.ws.signingSecret, body, now - 6 * 60);
    expect((await post(bot, body, stale)).status).toBe(401);
    expect((await post(bot, body, {})).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(await searchRuns(bot)).toBe(0);
    expect(bot.ws.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(0);
  });

  it('refuses events, slash commands and interactions dated more than five minutes in the future', async () => {
    bot = await startLeadbot();
    const now = Math.floor(Date.now() / 1000);
    const event = JSON.stringify(
      mentionEnvelope(bot, 'Ev0FUTURE001', '1700000000.000200', 'find 5 law firms in Denver'),
    );
    const ahead = signSlackRequest(bot.ws.signingSecret, event, now + 6 * 60);
    expect((await post(bot, event, ahead)).status).toBe(401);
    const command = new URLSearchParams({
      token: 'verification-token',
      team_id: 'T0SANDBOX01',
      channel_id: bot.leads,
      channel_name: 'leads',
      user_id: bot.user,
      user_name: 'you',
      command: '/leadbot',
      text: 'pipeline status',
      api_app_id: 'A0LEADBOT01',
      trigger_id: '1.2.3',
      response_url: `http://127.0.0.1:${bot.running.port}/nowhere`,
    }).toString();
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const future = await post(bot, command, {
      ...form,
      ...signSlackRequest(bot.ws.signingSecret, command, now + 3600),
    });
    expect(future.status).toBe(401);
    const interaction = `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', actions: [] }))}`;
    const click = await post(bot, interaction, {
      ...form,
      // Just past the five minutes, from the clock now: `now` is seconds old by this request under load.
      ...signSlackRequest(bot.ws.signingSecret, interaction, Math.floor(Date.now() / 1000) + 330),
    });
    expect(click.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(await searchRuns(bot)).toBe(0);
    expect(bot.ws.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(0);
    // Within the window either way is accepted, as Slack's clock may run a little ahead of ours.
    const fresh = await post(bot, command, { ...form, ...signSlackRequest(bot.ws.signingSecret, command, now + 60) });
    expect(fresh.status).toBe(200);
  });

  it('acknowledges at once and answers a retried event (same event_id, X-Slack-Retry-Num) only once', async () => {
    bot = await startLeadbot();
    const asked = bot.ws.store.post({
      channel: bot.leads,
      user: bot.user,
      text: '<@U0LEADBOT01> find 5 law firms in Denver',
    });
    const body = JSON.stringify(mentionEnvelope(bot, 'Ev0RETRY0001', asked.ts, 'find 5 law firms in Denver'));
    const sign = () => signSlackRequest(bot!.ws.signingSecret, body, Math.floor(Date.now() / 1000));
    const first = await post(bot, body, sign());
    const retry = await post(bot, body, {
      ...sign(),
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await bot.waitFor(() => bot!.thread(asked.ts).some((m) => m.text.includes('high-tier')), 'the answer');
    await new Promise((r) => setTimeout(r, 500));
    expect(await searchRuns(bot)).toBe(1);
    expect(bot.thread(asked.ts).filter((m) => m.text.startsWith('Leads:'))).toHaveLength(1);
    // The envelope id and the message itself were each claimed once: claiming them again is refused.
    const { processedEvents } = bot.app.repos;
    expect(await processedEvents.claim('Ev0RETRY0001', 'app_mention', new Date())).toBe(false);
    expect(await processedEvents.claim(`message:${bot.leads}:${asked.ts}`, 'message', new Date())).toBe(false);
  });

  it('answers a mention once although Slack also delivers it as a channel message', async () => {
    bot = await startLeadbot();
    const asked = await bot.ask('@leadbot how many leads do we have?', (r) => r.length > 0);
    await new Promise((r) => setTimeout(r, 500));
    expect(bot.thread(asked.ts).filter((m) => m.user === 'U0LEADBOT01')).toHaveLength(1);
    const delivered = bot.ws.events.log.filter((e) => {
      const ev = e.envelope.event as { ts?: string; type?: string };
      return ev.ts === asked.ts;
    });
    expect(delivered.map((e) => (e.envelope.event as { type: string }).type).sort()).toEqual([
      'app_mention',
      'message',
    ]);
  });

  it('answers DMs and /leadbot, and ignores its own and other bots’ messages', async () => {
    bot = await startLeadbot();
    const dm = bot.ws.store.dmWith(bot.user)!.id;
    const hello = bot.ws.user.say({ channel: dm, text: 'hi' });
    const reply = await bot.waitFor(
      () => bot!.ws.store.all(dm).find((m) => m.user === 'U0LEADBOT01' && m.ts > hello.ts),
      'a DM answer',
    );
    expect(reply.text.length).toBeGreaterThan(0);
    await bot.ws.user.command({ channel: bot.leads, command: '/leadbot', text: 'pipeline status' });
    const root = await bot.waitFor(
      () => bot!.ws.store.history(bot!.leads).find((m) => m.text.includes('asked: /leadbot pipeline status')),
      'the slash command root message',
    );
    const answer = await bot.waitFor(() => bot!.thread(root.ts)[0], 'the answer in its thread');
    expect(answer.text).toContain('Pipeline status');
    const before = bot.ws.calls.filter((c) => c.method === 'chat.postMessage').length;
    bot.ws.store.post({ channel: dm, user: 'U0OTHERBOT1', botId: 'B0OTHER0001', text: 'find 5 law firms in Denver' });
    await new Promise((r) => setTimeout(r, 500));
    expect(bot.ws.calls.filter((c) => c.method === 'chat.postMessage').length).toBe(before);
  });

  it('posts an error as one short line with the run id, never a stack', async () => {
    bot = await startLeadbot();
    bot.app.searchCompanies = () => Promise.reject(new Error('database is locked (SQLITE_BUSY) at /secret/path'));
    const asked = await bot.ask('@leadbot find 5 law firms in Denver', (r) => r.some((m) => m.text.includes('Sorry')));
    const error = bot.thread(asked.ts).find((m) => m.text.includes('Sorry'))!;
    expect(error.text).not.toContain('SQLITE_BUSY');
    expect(error.text).not.toContain('/secret/path');
    expect(error.text).toContain("leadbot's log");
  });

  it('posts the digest to DIGEST_CHANNEL on demand', async () => {
    bot = await startLeadbot({ DIGEST_CHANNEL: 'digest' });
    await bot.running.bot!.schedules.postDigest('scheduled');
    const digest = bot.ws.store.resolveChannel('digest')!.id;
    const posted = bot.ws.store.history(digest);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.text).toMatch(/digest/i);
    expect(await bot.app.repos.state.get('digest:last')).toBeDefined();
  });
});
