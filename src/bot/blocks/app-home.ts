import type { types } from '@slack/bolt';
import type { PipelineStatus } from '../../agent/services.js';
import type { PoolView } from '../../app/sending.js';
import { formatUsd, unitCosts } from '../../pipeline/costs/format.js';
import type { CostFigures, ProviderSpend } from '../../pipeline/costs/report.js';
import type { WinRateRow } from '../../pipeline/drafts/ports.js';
import type { RunRecord } from '../../pipeline/runs/ports.js';
import {
  actions,
  type Block,
  type ButtonSpec,
  clip,
  context,
  divider,
  escLine,
  industryLabel,
  mrkdwn,
  section,
} from './common.js';
import { runStatusText } from './run-status.js';

export const HOME_ACTIONS = {
  stage: 'home_run_stage',
  digest: 'home_digest',
  lessons: 'home_scan_lessons',
  runDetails: 'home_run_details',
  resumeSender: 'home_sender_resume',
} as const;

export interface PendingItem {
  kind: string;
  label: string;
  channel?: string | null;
  ts?: string | null;
}

export interface HomeData {
  userId: string;
  isApprover: boolean;
  /** Said plainly at the top (e.g. that anyone in the workspace can approve). */
  warnings?: string[];
  mode: string;
  llm: string;
  status: PipelineStatus;
  pending: PendingItem[];
  runs: RunRecord[];
  winRates: WinRateRow[];
  /** Inbound messages leadbot could not read or match, kept for a person (newest first). */
  inbound?: { count: number; latest: { reason: string; detail: string; subject: string | null }[] };
  /** Operations (approvers): the database, the job queue and the instances up. */
  cluster?: { database: string; queue: string; instances: string };
  /** The sender pool today. */
  pool?: PoolView;
  /** Sends waiting for a person (`leadbot outbox`). */
  outbox?: number;
  /** The last 7 days' costs, today's budgets and paid lookups wasted. */
  costs?: {
    week: CostFigures;
    budgets: { kind: string; spentUsd: number; limitUsd: number | null }[];
    waste: ProviderSpend[];
  };
}

/** One line per sender: room left today (cap, warm-up) or why it is paused. Data escaped. */
function poolLines(pool: PoolView, outbox: number): string {
  const lines = pool.senders.map((s) =>
    s.status === 'paused'
      ? `• :no_entry: ${escLine(s.name)} (${escLine(s.address)}) paused: ${escLine(clip(s.pauseReason ?? '', 200))}`
      : `• ${escLine(s.name)} (${escLine(s.address)}) ${s.remainingToday}/${s.capToday} left today${s.warmingUp ? ` (warming up to ${s.dailyCap}/day)` : ''}`,
  );
  const review =
    outbox > 0
      ? `
:grey_question: ${outbox} send(s) may have left or could not be sent: see the alert cards or \`leadbot outbox\``
      : '';
  return `${lines.join('\n')}\n_Sends go ${escLine(pool.window)} in each recipient's local time, ${pool.gapMinutes} min apart per sender._${review}`;
}

function costLines(c: NonNullable<HomeData['costs']>): string {
  const week = c.week;
  const lines = [
    `Last 7 days: ${formatUsd(week.spendUsd)} (paid vendors ${formatUsd(week.vendorUsd)}, model ${formatUsd(week.modelUsd)})${unitCosts(week) ? ` · ${unitCosts(week)}` : ''}`,
    `Today: ${c.budgets
      .map(
        (b) =>
          `${b.kind === 'vendor' ? 'paid vendors' : 'model'} ${formatUsd(b.spentUsd)} of ${b.limitUsd === null ? 'no limit' : formatUsd(b.limitUsd)}`,
      )
      .join(' · ')}`,
  ];
  if (c.waste.length > 0)
    lines.push(
      `Paid for nothing: ${c.waste
        .slice(0, 4)
        .map((w) => `${escLine(w.provider)} ${w.wasteCalls} of ${w.calls} calls (${formatUsd(w.wasteUsd)})`)
        .join(' · ')}`,
    );
  return lines.join('\n');
}

const count = (record: Record<string, number>, key: string) => record[key] ?? 0;

function pipelineLine(s: PipelineStatus): string {
  return [
    `*Leads* ${count(s.leads, 'pending')} waiting · ${count(s.leads, 'approved')} approved · ${count(s.leads, 'rejected')} rejected`,
    `*Contacts* ${s.contacts}`,
    `*Drafts* ${count(s.drafts, 'pending')} waiting · ${count(s.drafts, 'approved')} approved · ${count(s.drafts, 'sent')} sent`,
    `*Outreach* ${s.sent} emails sent · ${s.replies} replies`,
  ].join('\n');
}

/** " (in <#C123>)" for a channel id leadbot stored; nothing for anything that is not an id. */
const channelRef = (channel: string | null | undefined) =>
  channel && /^[A-Z0-9]{2,20}$/.test(channel) ? ` (in <#${channel}>)` : '';

function pendingLines(items: PendingItem[], isApprover: boolean): string {
  if (items.length === 0) return 'Nothing is waiting for a decision. :tada:';
  const head = isApprover ? '' : '_You are not on the approver list; approvers decide these._\n';
  const shown = items.slice(0, 12).map((p) => `• ${escLine(p.kind)}: ${escLine(p.label)}${channelRef(p.channel)}`);
  const more = items.length > shown.length ? `\n…and ${items.length - shown.length} more` : '';
  return `${head}${shown.join('\n')}${more}`;
}

function inboundLines(inbound: NonNullable<HomeData['inbound']>): string {
  const shown = inbound.latest
    .slice(0, 5)
    .map(
      (i) => `• ${escLine(i.reason)}: ${escLine(i.detail)}${i.subject ? ` — “${escLine(clip(i.subject, 80))}”` : ''}`,
    );
  const more =
    inbound.count > shown.length ? `\n…and ${inbound.count - shown.length} more (\`leadbot inbound-issues\`)` : '';
  return `${shown.join('\n')}${more}`;
}

function winRateLines(rows: WinRateRow[]): string {
  const sent = rows.filter((r) => r.sent > 0).sort((a, b) => b.replies / b.sent - a.replies / a.sent);
  if (sent.length === 0) return 'Nothing sent yet, so no win rates.';
  return sent
    .slice(0, 10)
    .map(
      (r) =>
        `• ${industryLabel(r.industry)} · ${escLine(r.angle)} — ${r.replies}/${r.sent} replied (${Math.round((100 * r.replies) / r.sent)}%), ${r.positiveReplies} positive`,
    )
    .join('\n');
}

/** The App Home dashboard: pipeline counts, approvals waiting, latest runs, win rates, quick actions. */
export function buildHomeView(d: HomeData): types.HomeView {
  const quick: ButtonSpec[] = [
    { text: 'Find contacts', actionId: `${HOME_ACTIONS.stage}_enrich`, value: 'enrich' },
    { text: 'Write drafts', actionId: `${HOME_ACTIONS.stage}_write`, value: 'write' },
    { text: 'Send what is due', actionId: `${HOME_ACTIONS.stage}_outreach`, value: 'outreach' },
    { text: 'Check replies', actionId: `${HOME_ACTIONS.stage}_track`, value: 'track' },
    { text: 'Post a digest', actionId: HOME_ACTIONS.digest, value: 'digest' },
  ];
  const runs = d.runs.slice(0, 6);
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: 'leadbot' } },
    context(`${escLine(d.mode)} mode · ${escLine(d.llm)} · say \`help\` in a DM to see what I can do`),
    ...(d.warnings ?? []).map((w) => context(`:warning: ${escLine(w)}`)),
    section(pipelineLine(d.status)),
    actions('home_quick', quick),
    divider(),
    section(`*Waiting for a decision* (${d.pending.length})\n${pendingLines(d.pending, d.isApprover)}`),
    divider(),
    ...(d.pool
      ? [
          section(`*Senders* (${d.pool.remainingToday} sends left today)\n${poolLines(d.pool, d.outbox ?? 0)}`),
          ...(d.isApprover && d.pool.senders.some((s) => s.status === 'paused')
            ? [
                actions(
                  'home_senders',
                  d.pool.senders
                    .filter((s) => s.status === 'paused')
                    .slice(0, 5)
                    .map((s) => ({
                      text: `Resume ${s.name}`,
                      actionId: `${HOME_ACTIONS.resumeSender}_${s.name}`,
                      value: s.name,
                    })),
                ),
              ]
            : []),
          divider(),
        ]
      : []),
    ...(d.inbound && d.inbound.count > 0
      ? [
          section(`*Messages leadbot could not read or match* (${d.inbound.count})\n${inboundLines(d.inbound)}`),
          divider(),
        ]
      : []),
    section(`*Latest runs*${runs.length === 0 ? '\nNo runs yet.' : ''}`),
    ...runs.map(
      (r): Block => ({
        type: 'section',
        text: mrkdwn(`\`${escLine(r.id)}\` ${r.status} · ${runStatusText(r)}`, 2900),
        accessory: {
          type: 'button',
          text: { type: 'plain_text', text: 'Details' },
          action_id: `${HOME_ACTIONS.runDetails}_${r.id}`,
          value: r.id,
        },
      }),
    ),
    divider(),
    section(`*Win rates* (industry × angle)\n${winRateLines(d.winRates)}`),
    ...(d.costs ? [divider(), section(`*Costs* (estimates, USD · \`leadbot costs\`)\n${costLines(d.costs)}`)] : []),
    ...(d.cluster
      ? [
          divider(),
          context(
            `${escLine(d.cluster.database)} · jobs: ${escLine(d.cluster.queue)} · instances: ${escLine(d.cluster.instances)}`,
          ),
        ]
      : []),
  ];
  return { type: 'home', blocks: blocks.slice(0, 100) };
}
