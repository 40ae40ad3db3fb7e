import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import { formatUsd } from '../../pipeline/costs/format.js';
import { RUN_STATUSES, type RunLogEntry, type RunRecord, type RunStatus } from '../../pipeline/runs/ports.js';
import type { CliContext } from '../context.js';
import { formatTable } from '../format.js';

const duration = (run: RunRecord) => {
  const end = run.finishedAt ?? run.updatedAt;
  const ms = end.getTime() - run.startedAt.getTime();
  return ms < 1000 ? `${ms} ms` : ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
};

const counters = (c: Record<string, number>) =>
  Object.entries(c)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

/** JSON shape of a run for `--json` output. */
function runJson(run: RunRecord) {
  return {
    id: run.id,
    kind: run.kind,
    trigger: run.trigger,
    requestedBy: run.requestedBy,
    status: run.status,
    currentStage: run.currentStage,
    counters: run.counters,
    summary: run.summary,
    error: run.error,
    attempts: run.attempts,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

function logJson(log: RunLogEntry) {
  return {
    at: log.createdAt.toISOString(),
    kind: log.kind,
    name: log.name,
    status: log.status,
    durationMs: log.durationMs,
    tokensIn: log.tokensIn ?? null,
    tokensOut: log.tokensOut ?? null,
    costUsd: log.costUsd ?? null,
    input: log.inputSummary ?? null,
    output: log.outputSummary ?? null,
    error: log.error ?? null,
  };
}

export function registerRuns(program: Command, ctx: CliContext): void {
  program
    .command('runs')
    .description('list recent runs')
    .option('--status <status>', `filter: ${RUN_STATUSES.join(', ')}`)
    .option('--limit <n>', 'how many (1-200)', '20')
    .option('--json', 'print JSON')
    .action(async (opts: { status?: string; limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200)
        throw new AppError('invalid_input', `--limit must be a whole number from 1 to 200, got "${opts.limit}"`);
      if (opts.status && !(RUN_STATUSES as readonly string[]).includes(opts.status))
        throw new AppError('invalid_input', `--status must be one of ${RUN_STATUSES.join(', ')}, got "${opts.status}"`);
      const status = opts.status ? [opts.status as RunStatus] : undefined;
      const runs = await (await ctx.leadbot()).useCases.listRuns({ limit, status }, ctx.actor());
      if (opts.json) return ctx.printJson({ runs: runs.map(runJson) });
      if (runs.length === 0)
        return ctx.print('No runs yet. Try: leadbot search-companies --industry healthcare --location "Buffalo, NY"');
      ctx.print(
        formatTable(runs, [
          { header: 'ID', value: (r) => r.id },
          { header: 'KIND', value: (r) => r.kind },
          { header: 'STATUS', value: (r) => r.status },
          { header: 'STAGE', value: (r) => r.currentStage },
          { header: 'STARTED', value: (r) => r.startedAt.toISOString().replace('T', ' ').slice(0, 19) },
          { header: 'TOOK', value: duration, align: 'right' },
          { header: 'SUMMARY', value: (r) => r.error ?? r.summary ?? counters(r.counters), max: 70 },
        ]),
      );
    });

  program
    .command('run <id>')
    .description("show a run's timeline: every stage and tool call with duration, tokens, outcome and errors")
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const details = await (await ctx.leadbot()).useCases.runDetails({ runId: id }, ctx.actor());
      if (!details) throw new AppError('not_found', `No run with id "${id}"; list them with: leadbot runs`);
      const { run, logs, skips, spend } = details;
      if (opts.json)
        return ctx.printJson({
          run: runJson(run),
          timeline: logs.map(logJson),
          spend,
          skippedProviders: skips.map((s) => ({ provider: s.provider, reason: s.reason, httpStatus: s.httpStatus })),
        });
      ctx.print(
        `${run.id} · ${run.kind} · ${run.status}${run.currentStage ? ` (${run.currentStage})` : ''} · ${duration(run)}`,
      );
      if (run.summary) ctx.print(`summary: ${run.summary}`);
      if (run.error) ctx.print(`error: ${run.error}`);
      if (Object.keys(run.counters).length > 0) ctx.print(`counters: ${counters(run.counters)}`);
      if (spend.paidCalls > 0)
        ctx.print(
          `spent: ${formatUsd(spend.vendorUsd + spend.modelUsd)} (paid vendors ${formatUsd(spend.vendorUsd)}, model ${formatUsd(spend.modelUsd)}; ${formatUsd(spend.wasteUsd)} paid for nothing)`,
        );
      for (const s of skips) ctx.print(`skipped: ${s.provider} — ${s.reason}`);
      if (logs.length === 0) return ctx.print('(no steps recorded)');
      ctx.print('');
      ctx.print(
        formatTable(logs, [
          { header: 'TIME', value: (l) => l.createdAt.toISOString().slice(11, 19) },
          { header: 'KIND', value: (l) => l.kind },
          { header: 'STEP', value: (l) => l.name },
          { header: 'OUTCOME', value: (l) => l.status },
          { header: 'MS', value: (l) => l.durationMs, align: 'right' },
          {
            header: 'TOKENS',
            value: (l) => (l.tokensIn || l.tokensOut ? `${l.tokensIn ?? 0}/${l.tokensOut ?? 0}` : null),
          },
          { header: 'COST', value: (l) => (l.costUsd ? formatUsd(l.costUsd) : null), align: 'right' },
          { header: 'DETAIL', value: (l) => l.error ?? l.outputSummary, max: 80 },
        ]),
      );
    });
}
