import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import { parseCount } from '../../pipeline/search/validate.js';
import type { CliContext } from '../context.js';
import { formatLeads, leadJson } from '../leads.js';

interface SearchOptions {
  industry?: string;
  location?: string;
  count?: string;
  json?: boolean;
}

export function registerSearchCompanies(program: Command, ctx: CliContext): void {
  program
    .command('search-companies')
    .description('find and score companies (Scout → Analyst); they wait for approval at Gate 1')
    .option('--industry <industry>', 'what kind of companies, e.g. healthcare, "law firms", hotels')
    .option('--location <location>', 'a US city and state ("Buffalo, NY") or a state ("TX")')
    .option('--count <n>', 'how many companies, 1-100', '10')
    .option('--json', 'print JSON')
    .action(async (opts: SearchOptions) => {
      const count = parseCount(opts.count);
      const missing = [!opts.industry?.trim() && '--industry', !opts.location?.trim() && '--location'].filter(Boolean);
      if (missing.length > 0 || typeof count === 'string') {
        const problems = [...(missing.length > 0 ? [`${missing.join(' and ')} required`] : [])];
        if (typeof count === 'string') problems.push(count);
        throw new AppError(
          'invalid_input',
          `${problems.join('; ')}. Example: leadbot search-companies --industry healthcare --location "Buffalo, NY" --count 10`,
        );
      }
      const result = await (await ctx.leadbot()).useCases.searchCompanies(
        { industry: opts.industry!, location: opts.location!, count },
        ctx.actor(),
      );
      if (opts.json) {
        ctx.printJson({ runId: result.runId, summary: result.summary, companies: result.leads.map(leadJson) });
        return;
      }
      ctx.print(result.summary);
      if (result.leads.length > 0) {
        ctx.print(`\n${formatLeads(result.leads)}`);
        ctx.print(`\nRun ${result.runId}. Approve with: leadbot approve-lead ID (or reject-lead ID).`);
      }
    });
}
