import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { formatLeads, leadJson } from '../leads.js';
import { terminalText } from '../terminal-text.js';

export function registerImportCompanies(program: Command, ctx: CliContext): void {
  program
    .command('import-companies')
    .description('import companies from a CSV (header row: name, industry, city, state, website, …) and score them')
    .argument('<file>', 'the CSV file')
    .option('--industry <industry>', 'industry for rows without one')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { industry?: string; json?: boolean }) => {
      let csv: string;
      try {
        csv = readFileSync(resolve(ctx.io.cwd, file), 'utf8');
      } catch (cause) {
        throw new AppError('not_found', `Cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? cause}`, {
          cause,
        });
      }
      const result = await (await ctx.leadbot()).useCases.importCompanies(
        { csv, fileName: basename(file), industry: opts.industry },
        ctx.actor(),
      );
      if (opts.json) {
        ctx.printJson({
          runId: result.runId ?? null,
          summary: result.summary,
          companies: result.leads.map(leadJson),
          duplicates: result.duplicates,
          badRows: result.badRows,
        });
        return;
      }
      // Everything below quotes the file: control characters are shown escaped, never sent to the terminal.
      const safe = (text: string) => terminalText(text);
      ctx.print(safe(result.summary));
      for (const bad of result.badRows)
        ctx.print(`  line ${bad.line}: ${safe(bad.problem)} — accepted: ${safe(bad.accepted)}`);
      for (const dup of result.duplicates)
        ctx.print(
          `  line ${dup.line}: ${safe(dup.name)} is already known${dup.existingId ? ` (#${dup.existingId})` : ''}`,
        );
      if (result.leads.length > 0) ctx.print(`\n${terminalText(formatLeads(result.leads), { lines: true })}`);
    });
}
