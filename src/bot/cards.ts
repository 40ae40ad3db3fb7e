import type { DraftView } from '../app/drafts.js';
import type { Lead } from '../pipeline/companies/ports.js';
import { needsOwnDecision } from '../pipeline/crm/check.js';
import { formatShortTime } from '../pipeline/format-time.js';
import { context, esc, escLine, section } from './blocks/common.js';
import { buildDraftCardBlocks, type DraftCard } from './blocks/draft-card.js';
import { type BatchRef, buildBatchBlocks, buildLeadPageBlocks, type LeadCard, paginate } from './blocks/lead-cards.js';
import { zoneLine } from './blocks/sending.js';
import type { BotDeps } from './deps.js';
import type { SlackIo } from './slack-io.js';

export interface Where {
  channel: string;
  threadTs?: string;
}

/** Lead cards and draft cards: built from the database every time, posted and updated in place. */
export interface Cards {
  leadCards(ids: number[]): Promise<LeadCard[]>;
  /** Posts cards in pages (and a footer with "Approve all high-tier"); remembers where each card lives. */
  postLeads(leads: Lead[], where: Where, heading?: string, footer?: string): Promise<void>;
  /** Rebuilds one page message from the database (serialised per message). */
  refreshLeadPage(channel: string, ts: string, ids: number[]): Promise<void>;
  /** Rebuilds the page holding this lead's card, wherever it was posted last. */
  refreshLead(companyId: number): Promise<void>;
  draftCard(id: number, note?: string): Promise<DraftCard | undefined>;
  postDrafts(ids: number[], where: Where): Promise<void>;
  /** Rebuilds a draft's card where it was posted (or in the given message). */
  refreshDraft(id: number, at?: { channel: string; ts: string }, note?: string): Promise<void>;
}

/** The footer button's value: each page message and its lead ids ({"p":[["ts",[1,2]]]}). */
function encodeBatch(ref: BatchRef): string {
  return JSON.stringify({ p: ref.pages.map((p) => [p.ts, p.ids]) });
}

export function decodeBatch(channel: string, value: string): BatchRef | undefined {
  try {
    const raw = JSON.parse(value) as { p: [string, number[]][] };
    const pages = raw.p.map(([ts, ids]) => ({ ts: String(ts), ids: ids.map(Number).filter(Number.isSafeInteger) }));
    return { channel, pages };
  } catch {
    return undefined;
  }
}

export function createCards(deps: BotDeps, io: SlackIo): Cards {
  const { useCases, config } = deps;
  const tz = config.schedules.timezone;

  const leadCards = (ids: number[]): Promise<LeadCard[]> => useCases.cards.leads(ids);

  const pageText = (cards: LeadCard[]) => cards.map((c) => escLine(c.lead.company.name)).join(', ');

  const refreshLeadPage = (channel: string, ts: string, ids: number[]) =>
    io.exclusive(`msg:${channel}:${ts}`, async () => {
      const cards = await leadCards(ids);
      if (cards.length === 0) return;
      await io.update(channel, ts, `Leads: ${pageText(cards)}`, buildLeadPageBlocks(cards, tz));
    });

  const sentNote = (first: DraftView['firstSend']): string | undefined => {
    if (!first) return undefined;
    if (first.status === 'sent' && first.occurredAt)
      return `:outbox_tray: Sent to ${esc(first.recipient ?? '')} · ${formatShortTime(first.occurredAt, tz)} · follow-ups scheduled`;
    if (first.status === 'scheduled')
      return `:hourglass: Queued to send${first.scheduledFor && first.scheduledFor > deps.now() ? ` (next window: ${formatShortTime(first.scheduledFor, tz)})` : ''}`;
    if (first.status === 'uncertain')
      return `:grey_question: May have left: ${esc(first.error ?? '')} (see the alert card)`;
    if (first.status === 'cancelled' || first.status === 'skipped')
      return `:no_entry: Not sent: ${esc(first.error ?? first.status)}`;
    return `Send ${first.status}`;
  };

  const draftCard = async (id: number, note?: string): Promise<DraftCard | undefined> => {
    const view = await useCases.cards.draft(id);
    if (!view) return undefined;
    const { draft, approval, canSimulateReply } = view;
    const windowNote = `Sends ${escLine(view.sendWindow.window)} in the recipient's time: ${zoneLine(view.sendWindow.zone)}`;
    return { draft, approval, sentNote: sentNote(view.firstSend), note, canSimulateReply, windowNote };
  };

  const draftText = (card: DraftCard) =>
    `Draft #${card.draft.id} for ${escLine(card.draft.companyName)}: ${escLine(card.draft.subject)}`;

  return {
    leadCards,
    refreshLeadPage,
    async postLeads(leads, where, heading, footer) {
      if (heading) await io.post({ ...where, text: heading, blocks: [section(heading)] });
      const posted: { ts: string; ids: number[] }[] = [];
      for (const ids of paginate(leads.map((l) => l.company.id))) {
        const cards = await leadCards(ids);
        const blocks = buildLeadPageBlocks(cards, tz);
        const ts = await io.post({ ...where, text: `Leads: ${pageText(cards)}`, blocks });
        if (!ts) continue;
        posted.push({ ts, ids });
        await useCases.cards.recordLeads({ companyIds: ids, channel: where.channel, ts });
      }
      const all = await leadCards(leads.map((l) => l.company.id));
      const pendingHigh = all.filter(
        (c) => c.lead.company.status === 'pending' && c.lead.score?.tier === 'high' && !needsOwnDecision(c.crm),
      );
      const batch = encodeBatch({ channel: where.channel, pages: posted });
      const blocks = [...buildBatchBlocks(pendingHigh.length, all.length, batch), ...(footer ? [context(footer)] : [])];
      if (all.some((c) => c.lead.company.status === 'pending') || footer)
        await io.post({ ...where, text: `${pendingHigh.length} high-tier leads waiting`, blocks });
    },
    async refreshLead(companyId) {
      const page = await useCases.cards.leadPage(companyId);
      if (page) await refreshLeadPage(page.channel, page.ts, page.companyIds);
    },
    draftCard,
    async postDrafts(ids, where) {
      for (const id of ids) {
        const card = await draftCard(id);
        if (!card) continue;
        const ts = await io.post({ ...where, text: draftText(card), blocks: buildDraftCardBlocks(card, tz) });
        if (ts) await useCases.cards.recordDraft({ draftId: id, channel: where.channel, ts });
      }
    },
    async refreshDraft(id, at, note) {
      const card = await draftCard(id, note);
      const channel = at?.channel ?? card?.draft.slackChannel;
      const ts = at?.ts ?? card?.draft.slackTs;
      if (!card || !channel || !ts) return;
      await io.exclusive(`msg:${channel}:${ts}`, () =>
        io.update(channel, ts, draftText(card), buildDraftCardBlocks(card, tz)),
      );
    },
  };
}
