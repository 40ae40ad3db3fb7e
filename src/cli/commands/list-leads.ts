import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import type { LeadStatus } from '../../pipeline/companies/ports.js';
import { LISTED_LEAD_STATUSES } from '../../pipeline/statuses.js';
import type { CliContext } from '../context.js';
import { formatLeads, leadJson } from '../leads.js';

const STATUSES = LISTED_LEAD_STATUSES;

interface ListOptions {
  status?: string;
  industry?: string;
  location?: string;
  limit?: string;
  json?: boolean;
}

export function registerListLeads(program: Command, ctx: CliContext): void {
  program
    .command('list-leads')
    .description('list scored leads, best first')
    .option('--status <status>', `one of ${STATUSES.join(', ')} (default: all)`)
    .option('--industry <industry>', 'only this industry, e.g. healthcare')
    .option('--location <location>', 'only this city and/or state, e.g. "Buffalo, NY" or NY')
    .option('--limit <n>', 'at most this many, 1-500', '50')
    .option('--json', 'print JSON')
    .action(async (opts: ListOptions) => {
      const problems: string[] = [];
      const status = opts.status?.trim().toLowerCase();
      if (status !== undefined && !(STATUSES as readonly string[]).includes(status))
        problems.push(`--status must be one of ${STATUSES.join(', ')} (got "${opts.status}")`);
      const limit = /^\s*\d+\s*$/.test(opts.limit ?? '') ? Number(opts.limit) : Number.NaN;
      if (!(limit >= 1 && limit <= 500))
        problems.push(`--limit must be a whole number from 1 to 500 (got "${opts.limit}")`);
      if (problems.length > 0) throw new AppError('invalid_input', problems.join('; '));
      const leads = await (await ctx.leadbot()).useCases.listLeads(
        {
          status: status ? [status as LeadStatus] : [...STATUSES],
          industry: opts.industry?.trim() || undefined,
          location: opts.location?.trim() || undefined,
          limit,
        },
        ctx.actor(),
      );
      if (opts.json) ctx.printJson({ leads: leads.map(leadJson) });
      else ctx.print(leads.length > 0 ? formatLeads(leads) : 'No leads match.');
    });
}
