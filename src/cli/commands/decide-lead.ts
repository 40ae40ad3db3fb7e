import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import { describeDecision } from '../../pipeline/approvals/decide-lead.js';
import { type CliContext, CliExit } from '../context.js';
import { leadJson, parseId } from '../leads.js';

function register(program: Command, ctx: CliContext, decision: 'approved' | 'rejected'): void {
  const verb = decision === 'approved' ? 'approve' : 'reject';
  const command = program
    .command(`${verb}-lead`)
    .description(`${verb} a lead at Gate 1, recorded with you (the OS user) as the approver`)
    .argument('<id>', 'the company id shown by search-companies or list-leads')
    .option('--json', 'print JSON');
  if (decision === 'rejected') command.option('--reason <text>', 'why, kept with the decision');
  else
    command.option(
      '--confirm',
      'approve even though the CRM already knows the company (a customer, owner, open deal or recent touch) or could not be checked',
    );
  command.action(async (idText: string, opts: { json?: boolean; reason?: string; confirm?: boolean }) => {
    const id = parseId(idText);
    if (id === undefined)
      throw new AppError('invalid_input', `"${idText}" is not a company id; ids are whole numbers like 12`);
    const { useCases } = await ctx.leadbot();
    const actor = ctx.actor();
    const result = await useCases.decideLead(
      { companyId: id, decision, reason: opts.reason, crmConfirmed: opts.confirm },
      actor,
    );
    const said = describeDecision(result.approval, ctx.config().schedules.timezone);
    const [lead] = await useCases.listLeads({ ids: [id], limit: 1 }, actor);
    const conflict = !result.applied && result.approval.status !== decision;
    if (opts.json)
      ctx.printJson({
        applied: result.applied,
        decision: result.approval.status,
        decidedBy: result.approval.decidedByName ?? result.approval.decidedBy,
        decidedAt: result.approval.decidedAt,
        company: lead ? leadJson(lead) : { id },
      });
    else if (result.applied) ctx.print(`${said}: ${result.company.name} (#${id}).`);
    else ctx.print(`${result.company.name} (#${id}) was already decided: ${said}. Nothing changed.`);
    if (conflict) throw new CliExit(1);
  });
}

export function registerApproveLead(program: Command, ctx: CliContext): void {
  register(program, ctx, 'approved');
}

export function registerRejectLead(program: Command, ctx: CliContext): void {
  register(program, ctx, 'rejected');
}
