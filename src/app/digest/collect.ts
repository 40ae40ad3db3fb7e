import type { Container } from '../../container/index.js';
import type { Tier } from '../../pipeline/companies/ports.js';
import type { CostFigures } from '../../pipeline/costs/report.js';
import { compareWeeks, type Trend, type WeekFacts } from '../../pipeline/costs/trends.js';
import type { OutreachEventRecord } from '../../pipeline/outreach/ports.js';
import { findStuckWork, type StuckWork } from '../../pipeline/tracker/health.js';
import { collectCosts } from '../costs.js';

export { formatDigest } from './format.js';

/** What happened in a window, and what is waiting: the morning digest's content. */
export interface DigestData {
  since: Date;
  until: Date;
  timeZone: string;
  /** Companies first found in the window, by tier. */
  newLeads: { total: number; byTier: Record<Tier, number> };
  /** Leads waiting at Gate 1 and drafts waiting at Gate 2, now. */
  waiting: { leads: number; drafts: number };
  sends: { firstEmails: number; followUps: number };
  /** Inbound messages matched to a send, by classification. */
  replies: { total: number; byClass: Record<string, number>; unmatched: number };
  hot: { eventId: number; companyName: string; contactName: string; excerpt: string }[];
  /** Win-rate rows that moved in the window: the window's counts and the table's totals. */
  winRates: {
    industry: string;
    angle: string;
    added: { sent: number; replies: number; positive: number };
    total: { sent: number; replies: number; positiveReplies: number };
  }[];
  stuck: StuckWork;
  /** Inbound messages in the window that leadbot could not read or match, kept for a person. */
  review: { count: number; byReason: Record<string, number> };
  /** CRM writes not done yet (absent without a CRM). */
  crm?: { label: string; waiting: number; failed: number };
  /** What people said about the agent's answers in the window (feedback buttons). */
  feedback: { helpful: number; notHelpful: number; withReason: number };
  /** What the window cost: spend and cost per lead, contact, email, reply and positive reply. */
  costs: CostFigures;
  /** Changes between the last 7 days and the 7 before that are large against the noise. */
  trends: Trend[];
}

const WEEK_MS = 7 * 86_400_000;

const LIMIT = 5000;
const HUMAN = new Set(['positive', 'neutral', 'negative', 'question', 'unsubscribe']);

type DigestDeps = Pick<Container, 'repos' | 'outreach' | 'config' | 'costs'> & Partial<Pick<Container, 'crm'>>;

/** Gathers the digest for [since, until) from the repositories. Read-only. */
export async function collectDigest(app: DigestDeps, window: { since: Date; until: Date }): Promise<DigestData> {
  const { since, until } = window;
  const { outreach } = app.outreach;
  const leads = await app.repos.companies.listLeads({ createdFrom: since, createdTo: until, limit: LIMIT });
  const byTier: Record<Tier, number> = { high: 0, medium: 0, low: 0 };
  for (const lead of leads) if (lead.score) byTier[lead.score.tier]++;
  const sends = (
    await outreach.listEvents({ kind: ['send'], between: { from: since, to: until, by: 'occurredAt' }, limit: LIMIT })
  ).filter((e) => e.status === 'sent');
  const inbound = await outreach.listEvents({
    kind: ['reply', 'auto_reply', 'bounce', 'unsubscribe'],
    between: { from: since, to: until, by: 'createdAt' },
    limit: LIMIT,
  });
  const matched = inbound.filter((e) => e.sequenceId !== null);
  const byClass: Record<string, number> = {};
  for (const e of matched) byClass[e.classification ?? 'unknown'] = (byClass[e.classification ?? 'unknown'] ?? 0) + 1;
  return {
    since,
    until,
    timeZone: app.config.schedules.timezone,
    newLeads: { total: leads.length, byTier },
    waiting: {
      leads: (await app.repos.companies.countByStatus()).pending,
      drafts: (await app.repos.drafts.countByStatus()).pending,
    },
    sends: {
      firstEmails: sends.filter((e) => (e.touch ?? 0) === 0).length,
      followUps: sends.filter((e) => (e.touch ?? 0) > 0).length,
    },
    replies: { total: matched.length, byClass, unmatched: inbound.length - matched.length },
    hot: await Promise.all(matched.filter((e) => e.classification === 'positive').map((e) => hotReply(app, e))),
    winRates: await winRateChanges(app, sends, matched),
    review: await reviewCounts(app, since),
    crm: app.crm ? await crmBacklog(app, app.crm) : undefined,
    feedback: await app.repos.feedback.counts({ since, until }),
    costs: (await collectCosts(app, window)).total,
    trends: await weekTrends(app, until),
    stuck: await findStuckWork({
      companies: app.repos.companies,
      contacts: app.repos.contacts,
      drafts: app.repos.drafts,
      outreach,
      now: () => until,
    }),
  };
}

async function hotReply(app: DigestDeps, e: OutreachEventRecord): Promise<DigestData['hot'][number]> {
  const company = e.companyId ? await app.repos.companies.get(e.companyId) : undefined;
  const contact = e.contactId ? await app.repos.contacts.get(e.contactId) : undefined;
  const text = (e.body ?? '').replace(/\s+/g, ' ').trim();
  return {
    eventId: e.id,
    companyName: company?.name ?? 'an unknown company',
    contactName: contact?.fullName ?? contact?.email ?? e.recipient ?? 'someone',
    excerpt: text.length > 120 ? `${text.slice(0, 119)}…` : text,
  };
}

/** Whether the sequence already had a human reply before this one (it counted then, not now). */
async function repliedBefore(app: DigestDeps, reply: OutreachEventRecord): Promise<boolean> {
  return (await app.outreach.outreach.eventsForSequence(reply.sequenceId!)).some(
    (e) => e.id < reply.id && e.status === 'received' && HUMAN.has(e.classification ?? ''),
  );
}

/** Counts first emails and human replies in the window per (industry, angle), beside the table's totals. */
async function winRateChanges(app: DigestDeps, sends: OutreachEventRecord[], replies: OutreachEventRecord[]) {
  const rows = new Map<string, DigestData['winRates'][number]>();
  const sequences = new Map<number, { industry: string; angle: string } | undefined>();
  const rowFor = async (sequenceId: number | null) => {
    if (sequenceId === null) return undefined;
    if (!sequences.has(sequenceId)) sequences.set(sequenceId, await app.outreach.outreach.getSequence(sequenceId));
    const seq = sequences.get(sequenceId);
    if (!seq) return undefined;
    const key = `${seq.industry.toLowerCase()}|${seq.angle}`;
    let row = rows.get(key);
    if (!row) {
      const total = (await app.repos.winRates.forIndustry(seq.industry)).find((r) => r.angle === seq.angle);
      row = {
        industry: seq.industry.toLowerCase(),
        angle: seq.angle,
        added: { sent: 0, replies: 0, positive: 0 },
        total: total ?? { sent: 0, replies: 0, positiveReplies: 0 },
      };
      rows.set(key, row);
    }
    return row;
  };
  for (const e of sends) {
    const row = (e.touch ?? 0) === 0 ? await rowFor(e.sequenceId) : undefined;
    if (row) row.added.sent++;
  }
  // The table counts a sequence's first human reply only; so does the digest.
  const counted = new Set<number>();
  for (const e of [...replies].sort((a, b) => a.id - b.id)) {
    if (!HUMAN.has(e.classification ?? '') || e.sequenceId === null || counted.has(e.sequenceId)) continue;
    counted.add(e.sequenceId);
    if (await repliedBefore(app, e)) continue;
    const row = await rowFor(e.sequenceId);
    if (!row) continue;
    row.added.replies++;
    if (e.classification === 'positive') row.added.positive++;
  }
  return [...rows.values()].map(({ total, ...rest }) => ({
    ...rest,
    total: { sent: total.sent, replies: total.replies, positiveReplies: total.positiveReplies },
  }));
}

/** The last 7 days before `until` against the 7 before them. */
async function weekTrends(app: DigestDeps, until: Date): Promise<Trend[]> {
  const week = async (to: Date): Promise<WeekFacts> => {
    const range = { from: new Date(to.getTime() - WEEK_MS), to };
    return {
      outcomes: await app.repos.costRead.outcomes(range),
      facts: await app.repos.costRead.trendFacts(range),
      entries: await app.costs.spend.entries(range),
    };
  };
  return compareWeeks(await week(until), await week(new Date(until.getTime() - WEEK_MS)));
}

async function reviewCounts(app: DigestDeps, since: Date): Promise<DigestData['review']> {
  const issues = await app.outreach.issues.list({ since, limit: LIMIT });
  const byReason: Record<string, number> = {};
  for (const i of issues) byReason[i.reason] = (byReason[i.reason] ?? 0) + 1;
  return { count: issues.length, byReason };
}

async function crmBacklog(app: DigestDeps, crm: NonNullable<DigestDeps['crm']>): Promise<DigestData['crm']> {
  const counts = await app.repos.crm.countWrites(crm.provider);
  return { label: crm.label, waiting: counts.pending + counts.running, failed: counts.failed };
}
