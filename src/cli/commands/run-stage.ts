import type { Command } from 'commander';
import { STAGES, type Stage, type StageOutcome } from '../../agent/services.js';
import { type CliContext, CliExit } from '../context.js';
import { printEnrichment } from './stages/enrich.js';
import { printOutreach, printScore, printTrack } from './stages/other.js';
import { printWrite } from './stages/write.js';

/** How each stage's outcome reads in a terminal (`--json` prints the outcome as is). */
const PRINTERS: Record<Stage, (outcome: StageOutcome) => string> = {
  score: printScore,
  enrich: printEnrichment,
  write: printWrite,
  outreach: printOutreach,
  track: printTrack,
};

function parseIds(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p) || Number(p) <= 0))
    throw new CliExit(2, [`leadbot: --ids "${text}" is not a list of company ids; accepted: e.g. --ids 3,7,12`]);
  return parts.map(Number);
}

export function registerRunStage(program: Command, ctx: CliContext): void {
  program
    .command('run-stage')
    .description(`run one pipeline stage now (${STAGES.join(', ')})`)
    .argument('<stage>', `the stage: ${STAGES.join(', ')}`)
    .option('--ids <ids>', 'only these company ids (comma-separated), for score, enrich and write')
    .option('--json', 'print JSON')
    .action(async (stage: string, opts: { ids?: string; json?: boolean }) => {
      const name = stage.trim().toLowerCase() as Stage;
      if (!STAGES.includes(name))
        throw new CliExit(2, [`leadbot: unknown stage "${stage}"; accepted: ${STAGES.join(', ')}`]);
      const companyIds = parseIds(opts.ids);
      const outcome = await (await ctx.leadbot()).useCases.runStage({ stage: name, companyIds }, ctx.actor());
      if (opts.json) ctx.printJson(outcome);
      else ctx.print(PRINTERS[name](outcome));
    });
}
