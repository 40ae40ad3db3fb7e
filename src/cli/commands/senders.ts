import type { Command } from 'commander';
import { stripControl } from '../../mrkdwn/escape.js';
import { type CliContext, CliExit } from '../context.js';
import { formatTable } from '../format.js';

/** `leadbot senders`: the pool's capacity today; `senders resume NAME`; `senders move FROM [--to NAME]`. */
export function registerSenders(program: Command, ctx: CliContext): void {
  const senders = program
    .command('senders')
    .description("the sender pool: each mailbox's state, cap and room left today; resume or move sequences")
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const pool = await (await ctx.leadbot()).useCases.senderPool({}, ctx.actor());
      if (opts.json) return ctx.printJson(pool);
      ctx.print(
        formatTable(pool.senders, [
          { header: 'SENDER', value: (s) => s.name },
          { header: 'ADDRESS', value: (s) => s.address },
          { header: 'STATE', value: (s) => s.status },
          { header: 'TODAY', value: (s) => `${s.reservedToday}/${s.capToday}`, align: 'right' },
          { header: 'CAP', value: (s) => `${s.dailyCap}${s.warmingUp ? ' (warming up)' : ''}` },
          { header: 'WHY PAUSED', value: (s) => s.pauseReason && stripControl(s.pauseReason), max: 70 },
        ]),
      );
      ctx.print(
        `\n${pool.remainingToday} sends left today · ${pool.window} in each recipient's local time · ${pool.gapMinutes} min between sends per sender`,
      );
    });
  senders
    .command('resume')
    .description('resume a paused sender: its waiting sequences go on')
    .argument('<name>', 'the sender name (leadbot senders lists them)')
    .action(async (name: string) => {
      const out = await (await ctx.leadbot()).useCases.resumeSender({ name }, ctx.actor());
      ctx.print(out.message);
      if (!out.resumed) throw new CliExit(1);
    });
  senders
    .command('move')
    .description("move a sender's active sequences to another sender (or, without --to, to whichever has room)")
    .argument('<from>', 'the sender whose sequences move')
    .option('--to <name>', 'the sender they move to')
    .action(async (from: string, opts: { to?: string }) => {
      ctx.print((await (await ctx.leadbot()).useCases.moveSequences({ from, to: opts.to }, ctx.actor())).message);
    });
}
