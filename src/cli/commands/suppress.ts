import type { Command } from 'commander';
import { describeDecision } from '../../pipeline/approvals/decide-lead.js';
import { parseSuppressionTarget } from '../../pipeline/outreach/suppress.js';
import type { CliContext } from '../context.js';

export function registerSuppress(program: Command, ctx: CliContext): void {
  program
    .command('suppress')
    .description('never email an address or a whole domain again (recorded as your decision; its sequences stop)')
    .argument('<target>', 'an email address (pat@acme.example) or a domain (acme.example)')
    .option('--reason <text>', 'why, kept with the entry')
    .option('--json', 'print JSON')
    .action(async (target: string, opts: { reason?: string; json?: boolean }) => {
      parseSuppressionTarget(target);
      const out = await (await ctx.leadbot()).useCases.suppress({ target, reason: opts.reason }, ctx.actor());
      const decision = describeDecision(out.approval, ctx.config().schedules.timezone);
      if (opts.json)
        return ctx.printJson({
          applied: out.applied,
          suppression: {
            kind: out.record.kind,
            value: out.record.value,
            reason: out.record.reason,
            createdBy: out.record.createdBy,
            createdAt: out.record.createdAt,
          },
          stoppedSequences: out.stoppedSequences,
          decision,
        });
      if (!out.applied)
        return ctx.print(
          `${target.trim()} was already suppressed (${out.record.kind} ${out.record.value}, since ` +
            `${out.record.createdAt.toISOString().slice(0, 10)}). Nothing to send there.`,
        );
      const stopped =
        out.stoppedSequences > 0
          ? ` Stopped ${out.stoppedSequences} sequence${out.stoppedSequences === 1 ? '' : 's'}.`
          : '';
      ctx.print(`${out.record.value} is suppressed: leadbot will never email it.${stopped} ${decision}.`);
    });
}
