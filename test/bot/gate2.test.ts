import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { firstDraftCard, type Leadbot, startLeadbot } from './helpers.js';

let bot: Leadbot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const outbox = (b: Leadbot) => {
  try {
    return readdirSync(join(b.dir, 'outbox')).filter((f) => f.endsWith('.eml'));
  } catch {
    return [];
  }
};

describe('Slack bot: Gate 2 draft cards', () => {
  it('shows subject, body, angle and the Critic score; Approve & Send sends once and says so on the card', async () => {
    bot = await startLeadbot();
    const { card, draftId } = await firstDraftCard(bot);
    const draft = (await bot.app.repos.drafts.get(draftId))!;
    const text = bot.textOf(card);
    expect(text).toContain(draft.subject);
    expect(text).toContain(`Angle: *${draft.angle}*`);
    expect(text).toMatch(/Critic \*\d+\/10\*/);
    for (const action of ['draft_approve_send', 'draft_edit', 'draft_reject', 'draft_regenerate'])
      expect(bot.buttons(card, action)).toHaveLength(1);
    // The lead card gained the contact the draft goes to.
    const contact = (await bot.app.repos.contacts.primaryFor(draft.companyId))!;
    const page = bot.thread(card.threadTs!).find((m) => m.text.startsWith('Leads:'))!;
    await bot.waitFor(() => bot!.textOf(page).includes(contact.email!), 'the lead card to show the contact');
    await bot.click(card, 'draft_approve_send');
    await bot.waitFor(() => bot!.textOf(bot!.ws.store.message(bot!.leads, card.ts)!).includes('Sent to'), 'sent');
    expect(outbox(bot)).toHaveLength(1);
    expect((await bot.app.repos.drafts.get(draftId))!.status).toBe('sent');
    // A double click (a stale copy of the card) sends nothing more.
    await bot.staleClick(card, 'draft_approve_send', `draft:${draftId}`, String(draftId));
    await bot.waitFor(
      () => bot!.ws.store.ephemeralsFor(bot!.user).some((e) => e.text.includes(`Draft #${draftId}`)),
      'an "already decided" note',
    );
    await bot.running.flow.idle();
    expect(outbox(bot)).toHaveLength(1);
  });

  it('Edit opens a modal prefilled from the database; saving stores the text, approves and sends it', async () => {
    bot = await startLeadbot();
    const { card, draftId } = await firstDraftCard(bot);
    const draft = (await bot.app.repos.drafts.get(draftId))!;
    await bot.click(card, 'draft_edit');
    const modal = await bot.waitFor(() => bot!.ws.store.views.stack(bot!.user)[0], 'the edit modal');
    const json = JSON.stringify(modal.spec);
    expect(json).toContain(JSON.stringify(draft.subject).slice(1, -1));
    const empty = await bot.ws.user.submitView({ viewId: modal.id, values: { subject: { value: '  ' } } });
    expect(JSON.stringify(empty)).toContain('A subject is required');
    const body = `${draft.body}\n\nP.S. Happy to share the numbers first.`;
    await bot.ws.user.submitView({
      viewId: modal.id,
      values: { subject: { value: 'A shorter subject' }, body: { value: body } },
    });
    await bot.waitFor(
      async () => (await bot!.app.repos.drafts.get(draftId))!.status === 'sent',
      'the edited draft to be sent',
    );
    const stored = (await bot.app.repos.drafts.get(draftId))!;
    expect(stored).toMatchObject({ subject: 'A shorter subject', generatedBy: 'human' });
    const eml = readFileSync(join(bot.dir, 'outbox', outbox(bot)[0]!), 'utf8');
    expect(eml).toContain('Subject: A shorter subject');
    // The body is quoted-printable on the wire (soft line breaks may split the sentence): read it decoded.
    expect((await simpleParser(eml)).text).toContain('Happy to share the numbers first.');
  });

  it('Reject discards the draft without sending; Regenerate replaces the card with a new draft', async () => {
    bot = await startLeadbot();
    const { card, draftId } = await firstDraftCard(bot);
    await bot.click(card, 'draft_regenerate');
    const modal = await bot.waitFor(() => bot!.ws.store.views.stack(bot!.user)[0], 'the regenerate modal');
    await bot.ws.user.submitView({
      viewId: modal.id,
      values: { instructions: { value: 'lead with the audit offer' } },
    });
    const replaced = await bot.waitFor(() => {
      const m = bot!.ws.store.message(bot!.leads, card.ts)!;
      const id = Number(bot!.buttons(m, 'draft_reject')[0]?.value);
      return id && id !== draftId ? { m, id } : undefined;
    }, 'the card to show a new draft');
    expect((await bot.app.repos.drafts.get(draftId))!.status).toBe('superseded');
    await bot.click(replaced.m, 'draft_reject');
    await bot.waitFor(
      async () => (await bot!.app.repos.drafts.get(replaced.id))!.status === 'rejected',
      'the rejection',
    );
    await bot.waitFor(
      () => bot!.textOf(bot!.ws.store.message(bot!.leads, card.ts)!).includes('Rejected by <@U0LOCAL0001>'),
      'the card to show the rejection',
    );
    await bot.running.flow.idle();
    expect(outbox(bot)).toEqual([]);
  });
});
