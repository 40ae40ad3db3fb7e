import type { Command } from 'commander';
import { formatDigest } from '../../app/digest/format.js';
import { AppError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { plainText } from '../format.js';

const MAX_HOURS = 24 * 90;

function parseHours(text: string | undefined): number {
  if (text === undefined) return 24;
  const hours = Number(text);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(text) || !(hours > 0) || hours > MAX_HOURS)
    throw new AppError(
      'invalid_input',
      `--since must be a number of hours from 1 to ${MAX_HOURS}, e.g. 24 (got "${text}")`,
    );
  return hours;
}

export function registerDigest(program: Command, ctx: CliContext): void {
  program
    .command('digest')
    .description('what happened lately: new leads, what waits for you, sends, replies, win rates, stuck work')
    .option('--since <hours>', 'how many hours back (default 24)')
    .option('--json', 'print JSON')
    .action(async (opts: { since?: string; json?: boolean }) => {
      const hours = parseHours(opts.since);
      const data = await (await ctx.leadbot()).useCases.digest({ sinceHours: hours }, ctx.actor());
      if (opts.json) ctx.printJson(data);
      else ctx.print(plainText(formatDigest(data)));
    });
}
