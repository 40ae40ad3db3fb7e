import type { Command } from 'commander';
import { maintenance } from '../../main.js';
import { type CliContext, CliExit } from '../context.js';
import { formatTable } from '../format.js';

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
  db.command('copy')
    .description("copy this SQLite database into an empty PostgreSQL database, then check every table's count")
    .requiredOption('--to <url>', 'the PostgreSQL database: postgres://user:password@host:5432/name')
    .option('--json', 'print JSON')
    .action(async (opts: { to: string; json?: boolean }) => {
      if (!/^postgres(ql)?:\/\//.test(opts.to))
        throw new CliExit(2, [`--to must be a postgres:// URL (got "${opts.to.replace(/:[^:@/]*@/, ':***@')}")`]);
      const path = ctx.config().storage.databasePath;
      const report = await maintenance.copyToPostgres(path, opts.to);
      if (opts.json) return ctx.printJson({ from: path, ...report });
      ctx.print(
        formatTable(report.tables, [
          { header: 'TABLE', value: (t) => t.table },
          { header: 'SQLITE', value: (t) => String(t.source) },
          { header: 'POSTGRES', value: (t) => String(t.target) },
        ]),
      );
      ctx.print(
        `\nCopied ${report.rows} rows from ${path}; every count matches. Not copied (runtime state): ${report.skipped.join(', ')}.\nSet DATABASE_URL to the new database and start leadbot.`,
      );
    });
}
