import { escapeLine } from '../../mrkdwn/escape.js';
import { formatUsd, unitCosts } from '../../pipeline/costs/format.js';
import type { Trend } from '../../pipeline/costs/trends.js';
import { formatShortTime } from '../../pipeline/format-time.js';
import { describeStuck } from '../runs/stuck.js';
import type { DigestData } from './collect.js';

const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
const MAX_HOT = 3;
const MAX_RATES = 5;

const when = (date: Date, timeZone: string) => formatShortTime(date, timeZone, { zone: false });
const MAX_TRENDS = 6;

/** ":chart_with_downwards_trend: *Reply rate* fell: 8.1% (13/160) → 3.2% (5/155) over the last 7 days vs the 7 before (p = 0.004)" */
function trendLine(t: Trend): string {
  const icon = t.direction === 'up' ? ':chart_with_upwards_trend:' : ':chart_with_downwards_trend:';
  const verb = t.direction === 'up' ? 'rose' : 'fell';
  const mark = t.good ? '' : ' :warning:';
  const p = t.pValue < 0.001 ? 'p < 0.001' : `p = ${t.pValue.toFixed(3)}`;
  const metric = escapeLine(t.metric.charAt(0).toUpperCase() + t.metric.slice(1));
  return `${icon} *${metric}* ${verb}${mark}: ${escapeLine(t.before.text)} → ${escapeLine(t.after.text)}, last 7 days vs the 7 before (${p})`;
}

/** "5 high · 4 medium" from a record of counts, leaving out zeros. */
function breakdown(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, c]) => c > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([k, c]) => `${c} ${escapeLine(k.replace(/_/g, ' '))}`)
    .join(' · ');
}

/** The digest as short Slack mrkdwn: one line per section that has something in it; names and excerpts escaped. */
export function formatDigest(data: DigestData): string {
  const lines = [
    `*leadbot digest* · ${when(data.since, data.timeZone)} – ${when(data.until, data.timeZone)} (${escapeLine(data.timeZone)})`,
  ];
  const { newLeads, waiting, sends, replies } = data;
  if (newLeads.total > 0) {
    const tiers = breakdown(newLeads.byTier);
    lines.push(`• *New leads:* ${newLeads.total}${tiers ? ` — ${tiers}` : ''}`);
  }
  const gates = [
    waiting.leads > 0 ? `${n(waiting.leads, 'lead')} at Gate 1` : '',
    waiting.drafts > 0 ? `${n(waiting.drafts, 'draft')} at Gate 2` : '',
  ].filter(Boolean);
  if (gates.length > 0) lines.push(`• *Waiting for you:* ${gates.join(' · ')}`);
  if (sends.firstEmails + sends.followUps > 0)
    lines.push(
      `• *Sent:* ${[
        sends.firstEmails > 0 ? n(sends.firstEmails, 'first email') : '',
        sends.followUps > 0 ? n(sends.followUps, 'follow-up') : '',
      ]
        .filter(Boolean)
        .join(' · ')}`,
    );
  if (replies.total + replies.unmatched > 0) {
    const parts = [breakdown(replies.byClass), replies.unmatched > 0 ? `${replies.unmatched} unmatched` : '']
      .filter(Boolean)
      .join(' · ');
    lines.push(`• *Replies:* ${replies.total + replies.unmatched} — ${parts}`);
  }
  for (const hot of data.hot.slice(0, MAX_HOT))
    lines.push(
      `:fire: *Hot:* *${escapeLine(hot.companyName)}* — ${escapeLine(hot.contactName)}: “${escapeLine(hot.excerpt)}”`,
    );
  if (data.hot.length > MAX_HOT) lines.push(`   …and ${data.hot.length - MAX_HOT} more positive replies`);
  const moved = data.winRates.filter((r) => r.added.sent + r.added.replies > 0).slice(0, MAX_RATES);
  if (moved.length > 0) {
    const rates = moved.map((r) => {
      const added = [
        r.added.sent > 0 ? `+${r.added.sent} sent` : '',
        r.added.replies > 0 ? `+${n(r.added.replies, 'reply', 'replies')}` : '',
      ].filter(Boolean);
      const positive = r.total.positiveReplies > 0 ? `, ${r.total.positiveReplies} positive` : '';
      return `${escapeLine(r.industry)} · ${escapeLine(r.angle)}: ${r.total.replies}/${r.total.sent} replied${positive} (${added.join(', ')})`;
    });
    lines.push(`• *Win rates:* ${rates.join('; ')}`);
  }
  if (data.costs.spendUsd > 0) {
    const c = data.costs;
    const units = unitCosts(c);
    lines.push(
      `• *Spent:* ${formatUsd(c.spendUsd)} (paid vendors ${formatUsd(c.vendorUsd)}, model ${formatUsd(c.modelUsd)})${units ? ` — ${units}` : ''}`,
    );
  }
  for (const t of data.trends.slice(0, MAX_TRENDS)) lines.push(trendLine(t));
  if (data.review.count > 0)
    lines.push(
      `:mag: *To look at:* ${n(data.review.count, 'message')} leadbot could not read or match (${breakdown(data.review.byReason)}) — \`leadbot inbound-issues\``,
    );
  if (data.crm && data.crm.waiting + data.crm.failed > 0) {
    const failed = data.crm.failed > 0 ? ` · ${data.crm.failed} failed` : '';
    lines.push(
      `:arrows_counterclockwise: *${data.crm.label}:* ${n(data.crm.waiting, 'write')} waiting${failed} — \`leadbot crm status\``,
    );
  }
  const { helpful, notHelpful, withReason } = data.feedback;
  if (helpful + notHelpful > 0)
    lines.push(
      `• *Agent answers rated:* ${[
        helpful > 0 ? `${helpful} helpful` : '',
        notHelpful > 0 ? `${notHelpful} not helpful${withReason > 0 ? ` (${withReason} said why)` : ''}` : '',
      ]
        .filter(Boolean)
        .join(' · ')}`,
    );
  const stuck = describeStuck(data.stuck);
  if (stuck.length > 0) lines.push(`:warning: *Stuck:* ${stuck.join(' · ')}`);
  if (lines.length === 1) lines.push('Quiet: nothing new, nothing waiting, nothing stuck.');
  return lines.join('\n');
}
