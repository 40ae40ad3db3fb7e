import type { Container } from '../container/index.js';
import { type DrainResult, drainCrmWrites } from '../pipeline/crm/drain.js';
import { planCrmWrites } from '../pipeline/crm/plan.js';
import type { CrmAccess, CrmCheckOutcome, CrmWriteCounts } from '../pipeline/crm/ports.js';
import type { Actor } from './actor.js';
import { authorize, type PolicyDeps } from './policy.js';

export interface CrmDeps extends Pick<Container, 'crm' | 'repos' | 'storage' | 'config' | 'now' | 'notifier'> {
  policy: PolicyDeps;
}

export interface CrmSyncResult {
  /** The CRM's name, or null when none is configured (nothing was done). */
  crm: string | null;
  /** Writes newly queued from what happened since the last pass. */
  queued: number;
  drained: DrainResult;
  outbox: CrmWriteCounts | null;
}

const NOTHING: DrainResult = { done: 0, waiting: 0, failed: 0, deals: [] };

/**
 * One CRM pass: queue what happened since the last one, then work the due writes (`dryRun`: only say what waits).
 * The scheduler calls it every minute; `leadbot crm sync` on demand. A CRM outage leaves writes waiting.
 * @throws AppError('forbidden') for someone who may not run stages.
 */
export async function syncCrm(input: { dryRun?: boolean }, actor: Actor, deps: CrmDeps): Promise<CrmSyncResult> {
  await authorize(actor, 'run_stage', deps.policy);
  const { crm } = deps;
  if (!crm) return { crm: null, queued: 0, drained: NOTHING, outbox: null };
  const repo = deps.repos.crm;
  if (input.dryRun)
    return { crm: crm.label, queued: 0, drained: NOTHING, outbox: await repo.countWrites(crm.provider) };
  const queued = await planCrmWrites({ provider: crm.provider, repo, state: deps.repos.state, now: deps.now });
  const drained = await drainCrmWrites({
    crm,
    repo,
    companies: deps.repos.companies,
    contacts: deps.repos.contacts,
    outreach: deps.storage.repos.outreach,
    now: deps.now,
    defaultOwnerId: deps.config.crm.hubspot?.ownerId,
  });
  // The hot-lead alert gains the deal's link.
  for (const deal of drained.deals) await deps.notifier.emit('crmDealOpened', { ...deal, crm: crm.label });
  return { crm: crm.label, queued, drained, outbox: await repo.countWrites(crm.provider) };
}

export interface CrmStatus {
  crm: string | null;
  access: CrmAccess | null;
  checks: Record<CrmCheckOutcome, number> | null;
  links: Record<string, number> | null;
  outbox: CrmWriteCounts | null;
}

/** The CRM as leadbot sees it: the token and its scopes, lookups made, records linked, writes waiting. */
export async function crmStatus(_input: Record<string, never>, actor: Actor, deps: CrmDeps): Promise<CrmStatus> {
  await authorize(actor, 'read', deps.policy);
  const { crm } = deps;
  if (!crm) return { crm: null, access: null, checks: null, links: null, outbox: null };
  const repo = deps.repos.crm;
  return {
    crm: crm.label,
    access: await crm.access(),
    checks: await repo.countChecks(crm.provider),
    links: await repo.countLinks(crm.provider),
    outbox: await repo.countWrites(crm.provider),
  };
}
