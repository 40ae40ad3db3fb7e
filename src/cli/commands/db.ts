import type { Command } from 'commander';
import { maintenance } from '../../main.js';
import type { CliContext } from '../context.js';

export function registerDb(program: Command, ctx: CliContext): void {
  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('apply pending migrations (safe to run twice)')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const path = ctx.config().storage.databasePath;
      const report = maintenance.migrate(path);
      if (opts.json) ctx.printJson({ database: path, ...report });
      else
        ctx.print(
          report.applied === 0
            ? `${path}: up to date (${report.total} migrations applied)`
            : `${path}: applied ${report.applied} migration(s); ${report.total} in total`,
        );
    });
}
