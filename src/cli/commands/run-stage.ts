import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { STAGES, type Stage, type StageOutcome } from '../../agent/services.js';
import type { App } from '../../compose.js';
import { AppError } from '../../errors.js';
import { describeVerification } from '../../pipeline/enrichment/format.js';
import type { EnrichStageOutcome } from '../../pipeline/enrichment/stage.js';
import { runEnrichStage } from '../../pipeline/enrichment/stage.js';
import { providerLabel } from '../../pipeline/providers/guard.js';
import { type CliContext, CliExit } from '../context.js';
import { formatTable } from '../format.js';
import { writeStageRunner } from './stages/write.js';

export interface StageRunOptions {
  /** Company ids given with --ids (stages that work per company may use them). */
  ids?: number[];
  requestedBy: string;
}

/** Runs one stage from the CLI; `print` renders its outcome for a terminal. */
export interface StageRunner {
  run(app: App, options: StageRunOptions): Promise<StageOutcome>;
  print?(outcome: StageOutcome): string;
}

/** The stages `leadbot run-stage` can run. Add a stage by adding its runner here. */
export const STAGE_RUNNERS: Partial<Record<Stage, StageRunner>> = {
  enrich: {
    run: (app, options) =>
      runEnrichStage(
        { trigger: 'cli', requestedBy: options.requestedBy, companyIds: options.ids },
        {
          companies: app.repos.companies,
          contacts: app.repos.contacts,
          tracker: app.tracker,
          providerState: app.repos.providerState,
          directives: app.directives,
          enrichment: app.enrichment,
          requireVerifiedGuesses: app.config.pipeline.requireVerifiedGuesses,
          now: app.now,
        },
      ),
    print: (outcome) => printEnrichment(outcome as EnrichStageOutcome),
  },
  write: writeStageRunner,
};

function parseIds(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p)))
    throw new CliExit(2, [`leadbot: --ids "${text}" is not a list of company ids; accepted: e.g. --ids 3,7,12`]);
  return parts.map(Number);
}

export function registerRunStage(program: Command, ctx: CliContext): void {
  program
    .command('run-stage')
    .description(`run one pipeline stage now (${STAGES.join(', ')})`)
    .argument('<stage>', `the stage: ${STAGES.join(', ')}`)
    .option('--ids <ids>', 'only these company ids (comma-separated), for stages that work per company')
    .option('--json', 'print JSON')
    .action(async (stage: string, opts: { ids?: string; json?: boolean }) => {
      const name = stage.trim().toLowerCase();
      if (!(STAGES as readonly string[]).includes(name))
        throw new CliExit(2, [`leadbot: unknown stage "${stage}"; accepted: ${STAGES.join(', ')}`]);
      const runner = STAGE_RUNNERS[name as Stage];
      if (!runner) {
        const available = Object.keys(STAGE_RUNNERS).join(', ');
        throw new AppError('not_found', `the ${name} stage is not available yet (available now: ${available})`);
      }
      const ids = parseIds(opts.ids);
      const outcome = await runner.run(ctx.app(), { ids, requestedBy: `cli:${userInfo().username}` });
      if (opts.json) ctx.printJson(outcome);
      else ctx.print(runner.print ? runner.print(outcome) : `${outcome.summary}\nRun ${outcome.runId}`);
    });
}

/** The enrich stage for a terminal: summary, one row per company, skipped and unconfigured providers. */
export function printEnrichment(outcome: EnrichStageOutcome): string {
  const { data } = outcome;
  const lines = [outcome.summary, `Run ${outcome.runId}`];
  if (data.companies.length > 0) {
    lines.push(
      '',
      formatTable(data.companies, [
        { header: 'ID', value: (r) => r.companyId, align: 'right' },
        { header: 'Company', value: (r) => r.companyName, max: 32 },
        {
          header: 'Contact',
          value: (r) => r.primary?.fullName ?? (r.outcome === 'failed' ? 'failed' : r.note),
          max: 40,
        },
        { header: 'Title', value: (r) => r.primary?.title, max: 28 },
        { header: 'Email', value: (r) => r.primary?.email },
        { header: 'Verification', value: (r) => (r.primary ? describeVerification(r.primary) : null) },
        { header: 'Source', value: (r) => r.primary?.source },
      ]),
    );
  }
  if (data.notApproved.length > 0)
    lines.push('', `Not enriched (not approved at Gate 1): company ${data.notApproved.join(', ')}`);
  for (const s of data.skipped) lines.push(`${providerLabel(s.provider)} skipped: ${s.reason}`);
  if (data.disabled.length > 0)
    lines.push(`Not configured: ${data.disabled.map((d) => `${d.name} (${d.reason})`).join('; ')}`);
  return lines.join('\n');
}
