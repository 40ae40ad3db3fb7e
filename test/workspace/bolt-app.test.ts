import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTinyBoltApp } from './fixtures/tiny-bolt-app.js';
import { type Harness, startHarness, waitFor } from './helpers.js';

const LEADS = 'C0LEADS0001';
const DM = 'D0LEADBOT01';
const ME = 'U0LOCAL0001';

/** A real @slack/bolt App in HTTP mode, driven end to end through the workspace without a browser. */
describe('a real Bolt app against the workspace', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ bot: createTinyBoltApp });
  });
  afterAll(async () => {
    await h.close();
  });

  const card = (parentTs: string) =>
    h.ws.store.thread(LEADS, parentTs).find((m) => m.blocks?.some((b) => b.type === 'header'));

  it('replies in the thread to a mention and posts a card; Approve updates that card in place', async () => {
    const asked = h.ws.user.say({ channel: LEADS, text: '@leadbot find 5 healthcare companies in Buffalo' });
    const posted = await waitFor(() => card(asked.ts), 5000, 'the lead card');
    const thread = h.ws.store.thread(LEADS, asked.ts).map((m) => m.text);
    expect(thread).toEqual([
      `<@U0LEADBOT01> find 5 healthcare companies in Buffalo`,
      `Hi <@${ME}>, looking for leads…`,
      'Lead: Lakeside Dental Group',
    ]);
    expect(h.ws.store.history(LEADS).map((m) => m.ts)).toEqual([asked.ts]);
    const result = await h.ws.user.click({
      channel: LEADS,
      messageTs: posted.ts,
      blockId: 'lead_1',
      actionId: 'approve',
    });
    expect(result).toMatchObject({ ok: true, status: 200 });
    const updated = await waitFor(() => {
      const m = h.ws.store.message(LEADS, posted.ts)!;
      return m.text === 'Approved' ? m : undefined;
    });
    expect(JSON.stringify(updated.blocks)).toContain(`Approved by <@${ME}>`);
    expect(updated.blocks?.some((b) => b.type === 'actions')).toBe(false);
    expect(updated.edited).toBeDefined();
  });

  it('Reject answers through response_url, replacing the card', async () => {
    const asked = h.ws.user.say({ channel: LEADS, text: 'leadbot more please' });
    const posted = await waitFor(() => card(asked.ts));
    await h.ws.user.click({ channel: LEADS, messageTs: posted.ts, blockId: 'lead_1', actionId: 'reject' });
    await waitFor(() => h.ws.store.message(LEADS, posted.ts)?.text === 'Rejected', 5000, 'the rejected card');
  });

  it('a button opens a modal; a bad value is refused in the modal; a good one closes it and posts', async () => {
    const asked = h.ws.user.say({ channel: LEADS, text: '@leadbot one more' });
    const posted = await waitFor(() => card(asked.ts));
    await h.ws.user.click({ channel: LEADS, messageTs: posted.ts, blockId: 'lead_1', actionId: 'details' });
    const modal = await waitFor(() => h.ws.store.views.stack(ME)[0], 5000, 'the modal');
    expect(modal.spec.callback_id).toBe('note_modal');
    const refused = await h.ws.user.submitView({
      viewId: modal.id,
      values: { note: { text: 'bad' }, priority: { pick: 'high' } },
    });
    expect(refused).toEqual({ kind: 'errors', errors: { note: 'Notes cannot be "bad".' } });
    const saved = await h.ws.user.submitView({
      viewId: modal.id,
      values: { note: { text: 'Call Tuesday' }, priority: { pick: 'high' } },
    });
    expect(saved).toEqual({ kind: 'closed' });
    expect(h.ws.store.views.stack(ME)).toEqual([]);
    await waitFor(() => h.ws.store.history(LEADS).some((m) => m.text === 'Note saved (high): Call Tuesday'));
  });

  it('answers a DM in its thread, a slash command ephemerally, and publishes App Home when opened', async () => {
    const dm = h.ws.user.say({ channel: DM, text: 'hello there' });
    await waitFor(() => h.ws.store.thread(DM, dm.ts).some((m) => m.text === 'You said: hello there'));
    await h.ws.user.command({ channel: LEADS, command: '/leadbot', text: 'status' });
    await waitFor(() => h.ws.store.ephemeralsFor(ME).some((e) => e.text === 'You asked: status'));
    h.ws.user.openHome();
    const home = await waitFor(() => h.ws.store.views.home(ME));
    expect(JSON.stringify(home.spec.blocks)).toContain('leads waiting for you');
  });

  it('the bot’s own echoed messages never make it answer itself', async () => {
    await h.ws.events.settled();
    const before = h.ws.calls.filter((c) => c.method === 'chat.postMessage').length;
    await new Promise((r) => setTimeout(r, 300));
    await h.ws.events.settled();
    expect(h.ws.calls.filter((c) => c.method === 'chat.postMessage').length).toBe(before);
    expect(h.ws.events.log.every((e) => e.result?.ok !== false)).toBe(true);
  });
});
