import type { Command } from 'commander';
import type { CostsView } from '../../app/costs.js';
import { AppError } from '../../errors.js';
import { formatUsd, unitCosts } from '../../pipeline/costs/format.js';
import { SPEND_KINDS, type SpendKind } from '../../pipeline/costs/ports.js';
import type { CostFigures } from '../../pipeline/costs/report.js';
import type { CliContext } from '../context.js';
import { type Column, formatTable } from '../format.js';

/** "7d", "48h" or "2026-12-01" → days back from now. */
function parseSince(text: string | undefined, now: Date): number {
  if (text === undefined) return 7;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(d|h)\s*$/i.exec(text);
  const days = m
    ? Number(m[1]) / (m[2]!.toLowerCase() === 'h' ? 24 : 1)
    : /^\d{4}-\d{2}-\d{2}$/.test(text.trim())
      ? (now.getTime() - Date.parse(`${text.trim()}T00:00:00Z`)) / 86_400_000
      : Number.NaN;
  if (!(days > 0 && days <= 366))
    throw new AppError(
      'invalid_input',
      `--since must be a number of days or hours (7d, 48h) or a date (2026-12-01) within a year, got "${text}"`,
    );
  return days;
}

const figureColumns = <T extends CostFigures>(first: Column<T>): Column<T>[] => [
  first,
  { header: 'SPENT', value: (r) => formatUsd(r.spendUsd), align: 'right' },
  { header: 'LEADS', value: (r) => r.leads, align: 'right' },
  { header: '/LEAD', value: (r) => formatUsd(r.perLead), align: 'right' },
  { header: 'CONTACTS', value: (r) => r.contacts, align: 'right' },
  { header: '/CONTACT', value: (r) => formatUsd(r.perContact), align: 'right' },
  { header: 'SENT', value: (r) => r.emailsSent, align: 'right' },
  { header: '/EMAIL', value: (r) => formatUsd(r.perEmail), align: 'right' },
  { header: 'REPLIES', value: (r) => r.replies, align: 'right' },
  { header: '/REPLY', value: (r) => formatUsd(r.perReply), align: 'right' },
  { header: 'POSITIVE', value: (r) => r.positiveReplies, align: 'right' },
  { header: '/POSITIVE', value: (r) => formatUsd(r.perPositiveReply), align: 'right' },
];

/** The terminal report: totals, budgets, then tables by provider, day, industry and run. */
function formatCosts(view: CostsView): string {
  const { total } = view;
  const lines = [
    `Costs ${view.since.toISOString().slice(0, 16).replace('T', ' ')} – ${view.until.toISOString().slice(0, 16).replace('T', ' ')} UTC (USD, estimates from directives/costs.md)`,
    `spent ${formatUsd(total.spendUsd)} (paid vendors ${formatUsd(total.vendorUsd)}, model ${formatUsd(total.modelUsd)})${view.reservedUsd > 0 ? ` · ${formatUsd(view.reservedUsd)} reserved by calls not settled` : ''}`,
    `per unit: ${unitCosts(total) || 'nothing bought yet'}`,
    ...view.budgets.map(
      (b) =>
        `today (${b.day}) ${b.kind === 'vendor' ? 'paid vendors' : 'model'}: ${formatUsd(b.spentUsd)} of ${b.limitUsd === null ? 'no limit' : formatUsd(b.limitUsd)}`,
    ),
  ];
  if (!view.model.priced && !view.model.local)
    lines.push(`note: ${view.model.provider} has no price in directives/costs.md; its calls are counted at $0`);
  const section = (title: string, table: string) => lines.push('', title, table);
  if (view.byProvider.length > 0)
    section(
      'By provider (waste: paid and nothing usable came of it)',
      formatTable(view.byProvider, [
        { header: 'PROVIDER', value: (p) => p.provider },
        { header: 'KIND', value: (p) => p.kind },
        { header: 'CALLS', value: (p) => p.calls, align: 'right' },
        { header: 'SPENT', value: (p) => formatUsd(p.spendUsd), align: 'right' },
        {
          header: 'WASTED',
          value: (p) => (p.wasteCalls > 0 ? `${p.wasteCalls} calls, ${formatUsd(p.wasteUsd)}` : '—'),
          align: 'right',
        },
        { header: 'FAILED', value: (p) => p.failedCalls || '—', align: 'right' },
      ]),
    );
  if (view.byDay.length > 0)
    section('By day', formatTable(view.byDay, figureColumns({ header: 'DAY', value: (r) => r.day })));
  if (view.byIndustry.length > 0)
    section(
      'By industry',
      formatTable(view.byIndustry, figureColumns({ header: 'INDUSTRY', value: (r) => r.industry, max: 24 })),
    );
  if (view.byRun.length > 0)
    section('By run', formatTable(view.byRun.slice(0, 20), figureColumns({ header: 'RUN', value: (r) => r.runId })));
  return lines.join('\n');
}

export function registerCosts(program: Command, ctx: CliContext): void {
  program
    .command('costs')
    .description('what leads, contacts, emails and replies cost: by provider (with waste), day, industry and run')
    .option('--since <when>', 'how far back: 7d (default), 48h, or a date like 2026-12-01')
    .option('--json', 'print JSON')
    .action(async (opts: { since?: string; json?: boolean }) => {
      const leadbot = await ctx.leadbot();
      const sinceDays = parseSince(opts.since, leadbot.now());
      const view = await leadbot.useCases.costReport({ sinceDays }, ctx.actor());
      if (opts.json) ctx.printJson(view);
      else ctx.print(formatCosts(view));
    });

  program
    .command('raise-budget <kind>')
    .description(`raise today's spend limit (${SPEND_KINDS.join(' or ')}); runs waiting for it resume`)
    .option('--to <usd>', "the new limit in USD (default: today's limit plus the configured one)")
    .option('--run <id>', "raise this run's limit instead of today's")
    .action(async (kind: string, opts: { to?: string; run?: string }) => {
      if (!(SPEND_KINDS as readonly string[]).includes(kind))
        throw new AppError('invalid_input', `kind must be ${SPEND_KINDS.join(' or ')}, got "${kind}"`);
      const toUsd = opts.to === undefined ? undefined : Number(opts.to.replace(/^\$/, ''));
      if (toUsd !== undefined && !(toUsd > 0))
        throw new AppError('invalid_input', `--to must be an amount in USD, e.g. 25, got "${opts.to}"`);
      const leadbot = await ctx.leadbot();
      const raised = await leadbot.useCases.raiseBudget(
        { kind: kind as SpendKind, scope: opts.run ? 'run' : 'day', runId: opts.run, toUsd },
        ctx.actor(),
      );
      const what = raised.scope === 'day' ? `today's (${raised.key})` : `run ${raised.key}'s`;
      ctx.print(
        `Raised ${what} ${kind === 'vendor' ? 'paid-vendor' : 'model'} limit from ${raised.previousUsd === null ? 'no limit' : formatUsd(raised.previousUsd)} to ${formatUsd(raised.limitUsd)} (spent ${formatUsd(raised.spentUsd)}).`,
      );
      ctx.print(raised.resumed.length > 0 ? `Resuming: ${raised.resumed.join(', ')}` : 'No run was waiting for it.');
    });
}
