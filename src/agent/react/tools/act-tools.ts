import { z } from 'zod';
import type { ApprovalRecord } from '../../../pipeline/approvals/ports.js';
import { formatDraft, formatLead } from '../format.js';
import { defineTool, parseId, type ToolScope } from './define.js';

/** Stages the agent may propose. Outreach sends email, so only a person asks for it (`run outreach`). */
export const AGENT_STAGES = ['score', 'enrich', 'write', 'track'] as const;

const EMAIL_OR_DOMAIN = /^(?:[^\s@<>]+@)?(?:[a-z0-9-]+\.)+[a-z]{2,}$/i;

/** Tools that ask a person: to run a stage, or to decide (a lead, a draft, a suppression). The agent decides nothing. */
export function actTools(scope: ToolScope) {
  const { services, collected } = scope;
  return [
    defineTool(
      scope,
      {
        name: 'run_stage',
        description:
          'Ask a person to run one pipeline stage now: score new companies, enrich approved leads with contacts, ' +
          'write drafts, or track replies. It shows a Confirm button; the stage runs only when an approver clicks ' +
          'it. Call it only when the user asks for that work. It never sends email.',
        schema: z.object({ stage: z.enum(AGENT_STAGES).describe('The stage to run') }),
      },
      async ({ stage }) => {
        const record = await services.requestApproval(
          {
            kind: 'action',
            subjectId: `stage:${stage}:${scope.run.id}`,
            payload: { stage, label: `running the ${stage} stage`, conversationKey: scope.ctx.conversationKey },
            runId: scope.run.id,
          },
          scope.ctx,
        );
        if (!collected.approvalRequestIds.includes(record.id)) collected.approvalRequestIds.push(record.id);
        return `Request #${record.id} to run the ${stage} stage is waiting for an approver to click Confirm; nothing has run yet.`;
      },
    ),
    defineTool(
      scope,
      {
        name: 'request_approval',
        description:
          'Ask a human to approve a lead, approve-and-send a draft, or suppress an address. It only shows an ' +
          'Approve button; nothing happens until a person clicks it. Call it once per item, and only when the user ' +
          'asked for that action in their own words.',
        schema: z.object({
          kind: z
            .enum(['lead', 'draft', 'suppress'])
            .describe(
              'lead: approve a lead; draft: approve and send a draft; suppress: never email an address or domain',
            ),
          subjectId: z
            .string()
            .min(1)
            .describe(
              'lead: the company id ("#12"); draft: the draft id ("#7"); suppress: the email address or domain',
            ),
          why: z.string().min(3).max(300).describe('One sentence for the human deciding: what and why'),
        }),
      },
      async ({ kind, subjectId, why }) => {
        const subject = await resolveSubject(scope, kind, subjectId);
        if (!subject.ok) return subject.message;
        const record = await services.requestApproval(
          {
            kind,
            subjectId: subject.id,
            payload: { why, label: subject.label, conversationKey: scope.ctx.conversationKey },
            runId: scope.run.id,
          },
          scope.ctx,
        );
        if (record.status !== 'pending') return describeDecided(record, subject.label);
        if (!collected.approvalRequestIds.includes(record.id)) collected.approvalRequestIds.push(record.id);
        return `Approval request #${record.id} for ${subject.label} is waiting. A human must click Approve; nothing has been approved, sent or suppressed.`;
      },
    ),
  ];
}

type Subject = { ok: true; id: string; label: string } | { ok: false; message: string };

async function resolveSubject(scope: ToolScope, kind: 'lead' | 'draft' | 'suppress', ref: string): Promise<Subject> {
  if (kind === 'suppress') {
    const target = ref
      .trim()
      .toLowerCase()
      .replace(/^mailto:/, '');
    return EMAIL_OR_DOMAIN.test(target)
      ? { ok: true, id: target, label: `suppressing ${target}` }
      : { ok: false, message: `"${ref}" is not an email address or a domain (e.g. ana@acme.example or acme.example).` };
  }
  const id = parseId(ref);
  if (id === undefined) return { ok: false, message: `"${ref}" is not a ${kind} id; use the number, e.g. #12.` };
  if (kind === 'lead') {
    const lead = (await scope.services.listLeads({ ids: [id], limit: 1 }, scope.ctx))[0];
    return lead
      ? { ok: true, id: String(id), label: `lead ${formatLead(lead)}` }
      : { ok: false, message: `No lead #${id}.` };
  }
  const pending = await scope.services.listDrafts({ status: ['pending'], limit: 500 }, scope.ctx);
  const draft = pending.find((d) => d.id === id);
  return draft
    ? { ok: true, id: String(id), label: formatDraft(draft) }
    : { ok: false, message: `Draft #${id} is not waiting for a decision (only pending drafts can be approved).` };
}

function describeDecided(record: ApprovalRecord, label: string): string {
  const who = record.decidedByName ?? record.decidedBy ?? 'someone';
  const when = record.decidedAt ? ` on ${record.decidedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
  return `Nothing to request: ${label} was already ${record.status} by ${who}${when}.`;
}
