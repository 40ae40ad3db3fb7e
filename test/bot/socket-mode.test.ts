import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Running, start } from '../../src/main.js';
import { type RecordedCall, startSlackStandIn } from '../helpers/slack-stand-in.js';

let running: Running | undefined;
let slack: Awaited<ReturnType<typeof startSlackStandIn>> | undefined;
afterEach(async () => {
  await running?.stop();
  await slack?.close();
  running = undefined;
  slack = undefined;
});

async function waitFor<T>(fn: () => T | undefined | false, what: string, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const blocksOf = (c: RecordedCall) => JSON.stringify(c.args.blocks ?? []);

describe('Slack bot in Socket Mode', () => {
  it('connects with the app token, acknowledges envelopes, answers a mention with cards and applies an Approve', async () => {
    slack = await startSlackStandIn();
    const dir = mkdtempSync(join(tmpdir(), 'leadbot-socket-'));
    running = await start(
      loadConfig({
        SLACK_BOT_TOKEN: 'xoxb-0000-standin',
        SLACK_APP_TOKEN: 'xapp-1-A0STANDIN01-0000-standin',
        SLACK_API_URL: slack.apiUrl,
        LLM_PROVIDER: 'none',
        PORT: '0',
        DATABASE_PATH: join(dir, 'leadbot.db'),
        OUTBOX_DIR: join(dir, 'outbox'),
        LOG_LEVEL: 'silent',
      }),
    );
    expect(slack.calls.find((c) => c.method === 'apps.connections.open')?.token).toBe(
      'xapp-1-A0STANDIN01-0000-standin',
    );
    await waitFor(() => slack!.connected(), 'the WebSocket');

    const event = {
      type: 'app_mention',
      user: 'U0HUMAN0001',
      text: `<@${slack.botUserId}> find 3 law firms in Denver`,
      ts: '1800000000.000001',
      channel: 'C0SALES0001',
      event_ts: '1800000000.000001',
    };
    const envelope = slack.send('events_api', {
      token: 'x',
      team_id: 'T0STANDIN01',
      api_app_id: 'A0STANDIN01',
      type: 'event_callback',
      event_id: 'Ev0SOCKET001',
      event_time: 1_800_000_000,
      event,
    });
    await waitFor(() => slack!.acks.some((a) => a.envelope_id === envelope), 'the ack');
    const page = await waitFor(
      () => slack!.calls.find((c) => c.method === 'chat.postMessage' && blocksOf(c).includes('lead_approve')),
      'lead cards',
    );
    expect(page.args.thread_ts).toBe(event.ts);
    expect(page.args.channel).toBe('C0SALES0001');
    expect(page.token).toBe('xoxb-0000-standin');
    const companyId = Number(/"action_id":"lead_approve","value":"(\d+)"/.exec(blocksOf(page))![1]);

    // The stand-in numbers its answers in order (1800000001, 1800000002, …): the page's ts follows from its place.
    const posts = slack.calls.filter((c) => c.method === 'chat.postMessage');
    const pageTs = `${1_800_000_001 + posts.indexOf(page)}.000100`;
    const click = slack.send('interactive', {
      type: 'block_actions',
      user: { id: 'U0HUMAN0001', username: 'dana', name: 'dana', team_id: 'T0STANDIN01' },
      team: { id: 'T0STANDIN01', domain: 'standin' },
      api_app_id: 'A0STANDIN01',
      token: 'x',
      trigger_id: '1.2.3',
      container: { type: 'message', message_ts: pageTs, channel_id: 'C0SALES0001', is_ephemeral: false },
      channel: { id: 'C0SALES0001', name: 'sales' },
      message: { ts: pageTs, thread_ts: event.ts, text: 'Leads', blocks: page.args.blocks },
      actions: [
        {
          type: 'button',
          action_id: 'lead_approve',
          block_id: `lead:${companyId}`,
          value: String(companyId),
          action_ts: '1.1',
        },
      ],
    });
    await waitFor(() => slack!.acks.some((a) => a.envelope_id === click), 'the click ack');
    const update = await waitFor(
      () => slack!.calls.find((c) => c.method === 'chat.update' && c.args.ts === pageTs),
      'the card update',
    );
    expect(blocksOf(update)).toContain('Approved by <@U0HUMAN0001>');
    expect(await running.app.repos.approvals.get('lead', String(companyId))).toMatchObject({
      status: 'approved',
      decidedBy: 'U0HUMAN0001',
      decisionSource: 'slack',
    });
  });
});
