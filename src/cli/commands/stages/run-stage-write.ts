import type { Command } from 'commander';
import { AppError } from '../../../errors.js';
import type { CliContext } from '../../context.js';
import { cliActor } from '../drafts.js';
import { runWriteStage, writeStageJson, writeStageLines } from './write.js';

/**
 * A temporary `run-stage` command that knows only the `write` stage. When the enrichment branch's run-stage.ts
 * (a map of stage runners) is merged, drop this file and register `runWriteStage` there.
 */
export function registerRunStageWrite(program: Command, ctx: CliContext): void {
  program
    .command('run-stage')
    .description('run a pipeline stage now (on this branch: write)')
    .argument('<stage>', 'the stage to run: write')
    .option('--json', 'print JSON')
    .action(async (stage: string, opts: { json?: boolean }) => {
      if (stage !== 'write') throw new AppError('invalid_input', `Unknown stage "${stage}": accepted: write`);
      const outcome = await runWriteStage(ctx.app(), { trigger: 'cli', requestedBy: cliActor(ctx).id });
      if (opts.json) ctx.printJson(writeStageJson(outcome));
      else for (const line of writeStageLines(outcome)) ctx.print(line);
    });
}
