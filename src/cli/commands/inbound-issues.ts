import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import { stripControl } from '../../mrkdwn/escape.js';
import type { CliContext } from '../context.js';
import { formatTable } from '../format.js';

/** `leadbot inbound-issues`: messages leadbot could not read or could not match to a send, with the reason. */
export function registerInboundIssues(program: Command, ctx: CliContext): void {
  program
    .command('inbound-issues')
    .description('list inbound messages leadbot could not read or match to a send (kept, never dropped)')
    .option('--limit <n>', 'how many (1-500)', '50')
    .option('--raw <id>', 'print the kept bytes of one unreadable message')
    .option('--json', 'print JSON')
    .action(async (opts: { limit: string; raw?: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500)
        throw new AppError('invalid_input', `--limit must be a whole number from 1 to 500, got "${opts.limit}"`);
      const { useCases } = await ctx.leadbot();
      if (opts.raw) {
        const found = await useCases.inboundIssue({ id: Number(opts.raw) }, ctx.actor());
        if (!found)
          throw new AppError('not_found', `No inbound issue #${opts.raw}; list them with: leadbot inbound-issues`);
        return ctx.print(
          found.raw
            ? stripControl(found.raw)
            : `(only unreadable messages keep their bytes; see outreach event #${found.eventId})`,
        );
      }
      const { count, issues } = await useCases.listInboundIssues({ limit }, ctx.actor());
      if (opts.json) return ctx.printJson({ count, issues: issues.map(({ raw: _raw, ...rest }) => rest) });
      if (issues.length === 0) return ctx.print('Nothing to look at: every inbound message was read and matched.');
      ctx.print(
        formatTable(issues, [
          { header: 'ID', value: (r) => r.id, align: 'right' },
          { header: 'WHEN', value: (r) => r.createdAt.toISOString().replace('T', ' ').slice(0, 16) },
          { header: 'REASON', value: (r) => r.reason },
          { header: 'FROM', value: (r) => r.sender && stripControl(r.sender), max: 32 },
          { header: 'SUBJECT', value: (r) => r.subject && stripControl(r.subject), max: 40 },
          { header: 'DETAIL', value: (r) => r.detail && stripControl(r.detail), max: 70 },
        ]),
      );
    });
}
