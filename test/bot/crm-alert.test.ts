import { afterEach, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/app/actor.js';
import { ingestRawReply } from '../../src/app/replies/ingest.js';
import { type HubspotStandIn, startHubspotStandIn } from '../helpers/hubspot-stand-in.js';
import { firstDraftCard, type Leadbot, startLeadbot } from './helpers.js';

let bot: Leadbot | undefined;
let stand: HubspotStandIn | undefined;
afterEach(async () => {
  await bot?.stop();
  await stand?.close();
  bot = undefined;
  stand = undefined;
});

describe('Slack bot: a hot lead with HubSpot', { timeout: 120_000 }, () => {
  it('the hot-lead alert says a deal is being opened, and links to it once HubSpot has it', async () => {
    stand = await startHubspotStandIn();
    bot = await startLeadbot({ ALERT_CHANNEL: 'hot-leads', HUBSPOT_TOKEN: stand.token, HUBSPOT_BASE_URL: stand.url });
    const b = bot;
    const { card } = await firstDraftCard(b);
    await b.click(card, 'draft_approve_send');
    const send = await b.waitFor(
      async () => (await b.app.outreach.outreach.listSends({ status: ['sent'] }))[0],
      'the send',
      60_000,
    );
    const eml = [
      `From: Pat Example <${send.recipient}>`,
      'To: outreach@leadbot-sandbox.example',
      `Subject: Re: ${send.subject}`,
      `In-Reply-To: ${send.messageId}`,
      `References: ${send.messageId}`,
      'Message-ID: <reply-crm-1@customer.example>',
      'Date: Mon, 7 Dec 2026 10:00:00 +0000',
      '',
      'Sounds good, can we talk on Thursday?',
      '',
    ].join('\r\n');
    await ingestRawReply(b.app, eml, { trigger: 'test', requestedBy: 'test' });
    const alerts = b.ws.store.resolveChannel('hot-leads')!.id;
    const alert = await b.waitFor(() => b.ws.store.history(alerts)[0], 'the alert');
    expect(b.textOf(alert)).toContain('Opening a deal in HubSpot');

    // The CRM pass (every minute in production) opens the deal; the alert gains its link, in place.
    const crm = systemActor('crm');
    for (let i = 0; i < 3 && stand.all('deals').length === 0; i++) await b.running.leadbot.useCases.syncCrm({}, crm);
    const [deal] = stand.all('deals');
    expect(deal).toBeDefined();
    const updated = await b.waitFor(() => {
      const m = b.ws.store.message(alerts, alert.ts)!;
      return b.textOf(m).includes('Deal in HubSpot') ? m : undefined;
    }, 'the deal link on the alert');
    const text = b.textOf(updated);
    expect(text).toContain(`/record/0-3/${deal!.id}|Deal in HubSpot>`);
    expect(text).not.toContain('Opening a deal');
    expect(b.ws.store.history(alerts)).toHaveLength(1);
  });
});
