import { afterEach, describe, expect, it } from 'vitest';
import type { WsMessage } from '../../src/workspace/store/types.js';
import { insertPendingLead } from '../helpers/fixtures.js';
import { findActiveMrkdwn, HOSTILE, visibleText } from '../helpers/mrkdwn-check.js';
import { type Leadbot, startLeadbot } from './helpers.js';

let bot: Leadbot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const SITE = 'https://hostile-health.example/';
const NAME = `${HOSTILE.name} ${HOSTILE.bare}`;

/** Every message leadbot posted in #leads, thread replies included. */
function everything(b: Leadbot): WsMessage[] {
  return b.ws.store
    .history(b.leads)
    .flatMap((m) => [m, ...b.thread(m.ts)])
    .filter((m) => m.botId);
}

function expectInert(b: Leadbot, payload: unknown) {
  expect(findActiveMrkdwn(payload, { mentions: [b.user], links: [SITE] })).toEqual([]);
}

describe('Slack bot: a hostile company name stays text on every surface', () => {
  it('lead cards, the reject modal, the decision note, the draft card, App Home and the digest', async () => {
    bot = await startLeadbot();
    const b = bot;
    const company = await insertPendingLead(b.app.repos.companies, {
      name: NAME,
      normalizedName: 'evil',
      domain: 'hostile-health.example',
      website: 'hostile-health.example',
      city: HOSTILE.pings,
    });

    const asked = await b.ask('@leadbot show pending leads', (r) => r.some((m) => b.buttons(m, 'lead_approve').length));
    const page = b.thread(asked.ts).find((m) => b.buttons(m, 'lead_approve').length)!;
    expect(visibleText(page.blocks)).toContain('<!channel> Evil <https://evil.example|Click to approve>');

    await b.click(page, 'lead_reject', 0);
    const modal = await b.waitFor(() => b.ws.store.views.stack(b.user)[0], 'the reject modal');
    expectInert(b, modal.spec);
    expect(visibleText(modal.spec)).toContain('<!channel> Evil');
    b.ws.store.views.clear(b.user);

    await b.click(page, 'lead_approve', 0);
    await b.staleClick(page, 'lead_approve', `lead:${company.id}`, String(company.id));
    const notice = await b.waitFor(
      () => b.ws.store.ephemeralsFor(b.user).find((e) => e.text.includes('Nothing changed')),
      'the "already decided" note',
    );
    expectInert(b, notice);

    const card = await b.waitFor(
      () => everything(b).find((m) => m.text.startsWith('Draft #') && b.buttons(m, 'draft_approve_send').length),
      'a draft card',
      30_000,
    );
    expect(card.text).toContain('&lt;!channel&gt; Evil');

    b.ws.user.openHome({ tab: 'home' });
    const home = await b.waitFor(() => b.ws.store.views.home(b.user), 'App Home');
    expectInert(b, home.spec);

    const digest = await b.ask('@leadbot digest', (r) => r.some((m) => m.text.includes('leadbot digest')));
    expect(b.thread(digest.ts).length).toBeGreaterThan(0);

    const posted = everything(b);
    expect(posted.length).toBeGreaterThan(4);
    expect(posted.map((m) => visibleText({ type: 'mrkdwn', text: m.text })).join('\n')).toContain('<!channel> Evil');
    for (const m of posted) expectInert(b, m);
  });
});
