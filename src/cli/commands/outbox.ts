import type { Command } from 'commander';
import type { SendReview } from '../../app/sending.js';
import { AppError } from '../../errors.js';
import { stripControl } from '../../mrkdwn/escape.js';
import type { SendResolution } from '../../pipeline/outreach/resolve.js';
import { type CliContext, CliExit } from '../context.js';
import { formatTable } from '../format.js';

function parseSendId(text: string): number {
  const id = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(id) || id < 1)
    throw new AppError(
      'invalid_input',
      `"${text}" is not a send id; ids are whole numbers like 12 (see: leadbot outbox)`,
    );
  return id;
}

const zoneText = (r: SendReview) =>
  r.zone.source === 'team' ? `${r.zone.zone} (team TZ: location gives no zone)` : `${r.zone.zone} (${r.zone.source})`;

/**
 * `leadbot outbox`: sends that may have left or could not be sent, waiting for a person; `outbox resend ID`,
 * `outbox mark-sent ID`, `outbox cancel ID` (approvers; the operator at the terminal is one).
 */
export function registerOutbox(program: Command, ctx: CliContext): void {
  const outbox = program
    .command('outbox')
    .description('sends that may have left (uncertain) or could not be sent: resend, mark-sent or cancel them')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const reviews = await (await ctx.leadbot()).useCases.listOutbox({}, ctx.actor());
      if (opts.json) return ctx.printJson({ count: reviews.length, sends: reviews });
      if (reviews.length === 0) return ctx.print('Nothing waiting: every send either left or is scheduled.');
      ctx.print(
        formatTable(reviews, [
          { header: 'ID', value: (r) => r.eventId, align: 'right' },
          { header: 'STATUS', value: (r) => r.status },
          { header: 'TO', value: (r) => r.recipient && stripControl(r.recipient), max: 32 },
          { header: 'TOUCH', value: (r) => (r.touch === 0 ? 'first' : `follow-up ${r.touch}`) },
          { header: 'SENDER', value: (r) => r.sender },
          { header: 'WHY', value: (r) => r.error && stripControl(r.error), max: 60 },
          { header: 'ZONE', value: zoneText, max: 40 },
        ]),
      );
      ctx.print('\nCheck the Sent folder, then: leadbot outbox resend ID | mark-sent ID | cancel ID');
    });
  const decide = (name: string, action: SendResolution, what: string) =>
    outbox
      .command(name)
      .description(what)
      .argument('<id>', 'the send id (leadbot outbox lists them)')
      .option('--json', 'print JSON')
      .action(async (idText: string, opts: { json?: boolean }) => {
        const out = await (await ctx.leadbot()).useCases.resolveSend(
          { eventId: parseSendId(idText), action },
          ctx.actor(),
        );
        if (opts.json) ctx.printJson(out);
        else ctx.print(out.message);
        if (!out.applied) throw new CliExit(1);
      });
  decide('resend', 'resend', 'send it again now (it did not arrive)');
  decide('mark-sent', 'mark_sent', 'it did leave: record it as sent (follow-ups are scheduled)');
  decide('cancel', 'cancel', 'never send it (a cancelled first email stops its sequence)');
}
