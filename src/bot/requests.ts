import type { ApprovalRecord } from '../pipeline/approvals/ports.js';
import type { BotDeps } from './deps.js';

/** Human words for what a request is about: a company, a draft and its recipient, an address. */
export function requestLabel(request: ApprovalRecord, deps: BotDeps): string {
  const { repos } = deps.app;
  switch (request.kind) {
    case 'lead':
      return repos.companies.get(Number(request.subjectId))?.name ?? `lead #${request.subjectId}`;
    case 'draft': {
      const draft = repos.drafts.get(Number(request.subjectId));
      const company = draft ? repos.companies.get(draft.companyId)?.name : undefined;
      return `draft #${request.subjectId}${company ? ` to ${company}` : ''}`;
    }
    case 'suppress':
      return request.subjectId;
    default:
      return typeof request.payload.label === 'string'
        ? request.payload.label
        : `${request.kind} #${request.subjectId}`;
  }
}
