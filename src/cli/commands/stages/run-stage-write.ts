import type { Command } from 'commander';
import { STAGES } from '../../../agent/services.js';
import { AppError } from '../../../errors.js';
import { type CliContext, CliExit } from '../../context.js';
import { cliActor } from '../drafts.js';
import { writeStageRunner } from './write.js';

/**
 * A temporary `run-stage` that knows only the `write` stage, behaving like the enrichment branch's run-stage.ts.
 * On merge: delete this file, drop it from commands/index.ts and add `write: writeStageRunner` to STAGE_RUNNERS.
 */
export function registerRunStageWrite(program: Command, ctx: CliContext): void {
  program
    .command('run-stage')
    .description(`run one pipeline stage now (${STAGES.join(', ')})`)
    .argument('<stage>', `the stage: ${STAGES.join(', ')}`)
    .option('--ids <ids>', 'only these company ids (comma-separated)')
    .option('--json', 'print JSON')
    .action(async (stage: string, opts: { ids?: string; json?: boolean }) => {
      const name = stage.trim().toLowerCase();
      if (!(STAGES as readonly string[]).includes(name))
        throw new CliExit(2, [`leadbot: unknown stage "${stage}"; accepted: ${STAGES.join(', ')}`]);
      if (name !== 'write')
        throw new AppError('not_found', `the ${name} stage is not available yet (available now: write)`);
      const ids = opts.ids?.split(',').map((p) => p.trim());
      if (ids && (ids.length === 0 || ids.some((p) => !/^\d+$/.test(p))))
        throw new CliExit(2, [
          `leadbot: --ids "${opts.ids}" is not a list of company ids; accepted: e.g. --ids 3,7,12`,
        ]);
      const outcome = await writeStageRunner.run(ctx.app(), { ids: ids?.map(Number), requestedBy: cliActor(ctx).id });
      if (opts.json) ctx.printJson(outcome);
      else ctx.print(writeStageRunner.print(outcome));
    });
}
