import { createReadStream, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { createImportProgress } from '../import-progress.js';
import { formatLeads, leadJson } from '../leads.js';
import { terminalText } from '../terminal-text.js';

/** Checks the file can be read before anything starts (a clear error, not a stream failure mid-import). */
function checkReadable(path: string, file: string): void {
  try {
    if (!statSync(path).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
  } catch (cause) {
    throw new AppError('not_found', `Cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? cause}`, {
      cause,
    });
  }
}

export function registerImportCompanies(program: Command, ctx: CliContext): void {
  program
    .command('import-companies')
    .description('import companies from a CSV (header row: name, industry, city, state, website, …) and score them')
    .argument('<file>', 'the CSV file')
    .option('--industry <industry>', 'industry for rows without one')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { industry?: string; json?: boolean }) => {
      const path = resolve(ctx.io.cwd, file);
      checkReadable(path, file);
      const leadbot = await ctx.leadbot();
      const progress = createImportProgress(ctx.io, basename(file));
      const unsubscribe = leadbot.useCases.events.onRun((run) => progress.update(run));
      const result = await leadbot.useCases
        .importCompanies(
          {
            csv: createReadStream(path, { highWaterMark: 256 * 1024 }),
            fileName: basename(file),
            industry: opts.industry,
            onRunStarted: (id) => progress.follow(id),
          },
          ctx.actor(),
        )
        .finally(() => {
          unsubscribe();
          progress.end();
        });
      if (opts.json) {
        ctx.printJson({
          runId: result.runId,
          summary: result.summary,
          imported: result.imported,
          tiers: result.tiers,
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
      if (result.leads.length === 0) return;
      const { high, medium, low } = result.tiers;
      const more =
        result.imported > result.leads.length ? ` (the best ${result.leads.length} of ${result.imported})` : '';
      ctx.print(`\n${high} high · ${medium} medium · ${low} low waiting at Gate 1${more}:`);
      ctx.print(terminalText(formatLeads(result.leads), { lines: true }));
    });
}
