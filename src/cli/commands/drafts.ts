import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import { describeDecision } from '../../pipeline/approvals/decide-lead.js';
import type { GateOutcome } from '../../pipeline/drafts/gate.js';
import type { DraftListItem, DraftStatus } from '../../pipeline/drafts/ports.js';
import { LISTED_DRAFT_STATUSES } from '../../pipeline/statuses.js';
import type { CliContext } from '../context.js';
import { formatTable } from '../format.js';

const LISTABLE: readonly DraftStatus[] = LISTED_DRAFT_STATUSES;

function parseId(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) <= 0)
    throw new AppError('invalid_input', `Draft id must be a positive whole number, e.g. 12 (got "${text}")`);
  return Number(text);
}

function parseStatus(text: string | undefined): DraftStatus[] {
  if (text === undefined) return [...LISTABLE];
  const status = text.trim().toLowerCase() as DraftStatus;
  if (!LISTABLE.includes(status))
    throw new AppError('invalid_input', `Unknown status "${text}": accepted: ${LISTABLE.join(', ')}`);
  return [status];
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return 20;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 500)
    throw new AppError('invalid_input', `--limit must be a whole number from 1 to 500 (got "${text}")`);
  return n;
}

const listJson = (d: DraftListItem) => ({
  id: d.id,
  companyId: d.companyId,
  contactEmail: d.contactEmail,
  subject: d.subject,
  angle: d.angle,
  criticScore: d.criticScore,
  lowConfidence: d.lowConfidence,
  status: d.status,
});

function printOutcome(
  ctx: CliContext,
  verb: string,
  outcome: GateOutcome,
  json?: boolean,
  extra: Record<string, unknown> = {},
) {
  const decision = describeDecision(outcome.approval);
  if (json)
    ctx.printJson({
      applied: outcome.applied,
      draft: { id: outcome.draft.id, status: outcome.draft.status },
      decision,
      ...extra,
    });
  else if (outcome.applied) ctx.print(`Draft ${outcome.draft.id} ${verb}. ${decision}.`);
  else ctx.print(`Draft ${outcome.draft.id} was already decided, nothing changed: ${decision}.`);
}

export function registerDrafts(program: Command, ctx: CliContext): void {
  program
    .command('list-drafts')
    .description('list email drafts waiting at Gate 2 (and decided ones)')
    .option('--status <status>', `only drafts with this status: ${LISTABLE.join(', ')}`)
    .option('--limit <n>', 'at most this many (default 20)')
    .option('--json', 'print JSON')
    .action(async (opts: { status?: string; limit?: string; json?: boolean }) => {
      const drafts = await (await ctx.leadbot()).useCases.listDrafts(
        { status: parseStatus(opts.status), limit: parseLimit(opts.limit) },
        ctx.actor(),
      );
      if (opts.json) return ctx.printJson({ drafts: drafts.map(listJson) });
      if (drafts.length === 0) return ctx.print('No drafts. Write some with: leadbot run-stage write');
      ctx.print(
        formatTable(drafts, [
          { header: 'ID', value: (d) => d.id, align: 'right' },
          { header: 'COMPANY', value: (d) => d.companyName, max: 28 },
          { header: 'CONTACT', value: (d) => d.contactEmail, max: 32 },
          { header: 'ANGLE', value: (d) => d.angle },
          { header: 'SCORE', value: (d) => (d.criticScore === null ? null : `${d.criticScore}/10`), align: 'right' },
          { header: 'FLAG', value: (d) => (d.lowConfidence ? 'LOW CONFIDENCE' : '') },
          { header: 'STATUS', value: (d) => d.status },
          { header: 'SUBJECT', value: (d) => d.subject, max: 60 },
        ]),
      );
    });

  program
    .command('show-draft')
    .description("show a draft's subject, body and the Critic's notes")
    .argument('<id>', 'draft id')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const view = await (await ctx.leadbot()).useCases.cards.draft(parseId(id));
      if (!view) throw new AppError('not_found', `No draft with id ${id}`);
      const { draft, approval } = view;
      if (opts.json) return ctx.printJson({ draft, decision: describeDecision(approval) });
      const lines = [
        `Draft ${draft.id} · ${draft.companyName} · to ${draft.contactEmail ?? 'unknown'} · ${draft.status}`,
        `Angle ${draft.angle} (${draft.angleMode}) · Critic ${draft.criticScore ?? '—'}/10 · ${draft.generatedBy}`,
        ...(draft.lowConfidence ? ['LOW CONFIDENCE:', ...draft.lowConfidenceReasons.map((r) => `  ${r}`)] : []),
        '',
        `Subject: ${draft.subject}`,
        '',
        draft.body,
        '',
        ...(draft.criticBreakdown?.criteria ?? []).map((c) => `  ${c.key} ${c.points}/2 (${c.checkedBy}): ${c.note}`),
        describeDecision(approval),
      ];
      ctx.print(lines.join('\n'));
    });

  program
    .command('approve-draft')
    .description('approve a draft at Gate 2 and send it (as Approve & Send in Slack), with its follow-ups scheduled')
    .argument('<id>', 'draft id')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const { useCases } = await ctx.leadbot();
      const outcome = await useCases.decideDraft({ draftId: parseId(id), decision: 'approved' }, ctx.actor());
      const first = (await useCases.cards.draft(outcome.draft.id))?.firstSend;
      const send = first ? { status: first.status, recipient: first.recipient, error: first.error } : null;
      printOutcome(ctx, 'approved', outcome, opts.json, { send });
      if (opts.json) return;
      if (!outcome.applied) return;
      if (first?.status === 'sent') ctx.print(`Sent to ${first.recipient}; follow-ups are scheduled.`);
      else if (first?.status === 'scheduled')
        ctx.print(
          `Queued: it goes out inside the recipient's send window, when the sender's cap and the domain throttle allow${first.error ? ` (${first.error})` : ''}.`,
        );
      else if (first?.status === 'uncertain')
        ctx.print(
          `It may have left (${first.error ?? 'no answer'}): check the Sent folder, then leadbot outbox mark-sent, resend or cancel.`,
        );
      else ctx.print(`Not sent: ${first?.error ?? first?.status ?? 'no sequence could be started'}.`);
    });

  program
    .command('reject-draft')
    .description('reject a draft; the company goes back to the write queue')
    .argument('<id>', 'draft id')
    .option('--reason <text>', 'why, for the record')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { reason?: string; json?: boolean }) => {
      const outcome = await (await ctx.leadbot()).useCases.decideDraft(
        { draftId: parseId(id), decision: 'rejected', reason: opts.reason },
        ctx.actor(),
      );
      printOutcome(ctx, 'rejected: the company is back in the write queue', outcome, opts.json);
    });

  program
    .command('regenerate-draft')
    .description('write a new draft in place of a pending one (a new Writer + Critic cycle)')
    .argument('<id>', 'draft id')
    .option('--instructions <text>', 'what to change, e.g. "shorter, mention the audit"')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { instructions?: string; json?: boolean }) => {
      const { useCases } = await ctx.leadbot();
      const outcome = await useCases.regenerateDraft(
        { draftId: parseId(id), instructions: opts.instructions },
        ctx.actor(),
      );
      const { draft, previous } = outcome;
      if (opts.json)
        return ctx.printJson({
          applied: outcome.applied,
          previous: { id: previous.id, status: previous.status },
          draft: listJson(
            (await useCases.cards.draft(draft.id))?.draft ?? {
              ...draft,
              companyName: '',
              industry: '',
              contactEmail: null,
              contactName: null,
            },
          ),
          runId: outcome.runId,
          decision: describeDecision(outcome.approval),
          note: outcome.note ?? null,
        });
      if (!outcome.applied)
        return ctx.print(
          `Draft ${previous.id} was already decided, nothing changed: ${describeDecision(outcome.approval)}.`,
        );
      ctx.print(
        `Draft ${previous.id} regenerated as draft ${draft.id}: ${draft.angle}, ${draft.criticScore}/10` +
          `${draft.lowConfidence ? ', LOW CONFIDENCE' : ''}. Subject: ${draft.subject}`,
      );
      if (outcome.note) ctx.print(outcome.note);
    });
}
