import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import { decideLead, describeDecision } from '../../pipeline/approvals/decide-lead.js';
import { type CliContext, CliExit } from '../context.js';
import { cliActor, leadJson, parseId } from '../leads.js';

function register(program: Command, ctx: CliContext, decision: 'approved' | 'rejected'): void {
  const verb = decision === 'approved' ? 'approve' : 'reject';
  const command = program
    .command(`${verb}-lead`)
    .description(`${verb} a lead at Gate 1, recorded with you (the OS user) as the approver`)
    .argument('<id>', 'the company id shown by search-companies or list-leads')
    .option('--json', 'print JSON');
  if (decision === 'rejected') command.option('--reason <text>', 'why, kept with the decision');
  command.action((idText: string, opts: { json?: boolean; reason?: string }) => {
    const id = parseId(idText);
    if (id === undefined)
      throw new AppError('invalid_input', `"${idText}" is not a company id; ids are whole numbers like 12`);
    const app = ctx.app();
    const actor = cliActor(ctx.io.env);
    const result = decideLead(
      { companyId: id, decision, actor, reason: opts.reason?.trim() || undefined },
      { companies: app.repos.companies, approvals: app.repos.approvals, tx: app.tx, now: app.now },
    );
    const said = describeDecision(result.approval, app.config.schedules.timezone);
    const [lead] = app.repos.companies.listLeads({ ids: [id], limit: 1 });
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
