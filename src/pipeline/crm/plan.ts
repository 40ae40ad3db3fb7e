import type { KeyValueStore } from '../state/ports.js';
import { type CrmRepo, crmLocalKey, type NewCrmWrite } from './ports.js';

export interface CrmPlanDeps {
  provider: string;
  repo: CrmRepo;
  state: KeyValueStore;
  now: () => Date;
}

/** Facts are read again this far back each time: writes are keyed, so reading one twice queues it once. */
const OVERLAP_MS = 10 * 60_000;
const watermarkKey = (provider: string) => `crm.${provider}.planned_until`;

/**
 * Fills the outbox from what happened in leadbot since the last pass: approved companies, their contacts (upserted
 * by email), emails sent, human replies (a positive one opens a deal), opt-outs and hard bounces. Each write has a
 * stable key, so a second pass, another instance or a restart queues nothing twice. Returns how many were new.
 */
export async function planCrmWrites(deps: CrmPlanDeps): Promise<number> {
  const at = deps.now();
  const saved = await deps.state.get(watermarkKey(deps.provider));
  const since = new Date((saved ? Number(saved) : 0) - OVERLAP_MS);
  const facts = await deps.repo.facts(since);
  const writes: NewCrmWrite[] = [
    ...facts.companies.map((companyId) => ({
      kind: 'company' as const,
      key: crmLocalKey.company(companyId),
      payload: { companyId },
    })),
    ...facts.contacts.map((c) => ({
      kind: 'contact' as const,
      key: crmLocalKey.contact(c.contactId),
      payload: { ...c },
    })),
    ...facts.sends.map((s) => ({ kind: 'email' as const, key: `email:${s.eventId}`, payload: { ...s } })),
    ...facts.replies.map((r) => ({ kind: 'reply' as const, key: `reply:${r.eventId}`, payload: { ...r } })),
    ...facts.replies
      .filter((r) => r.classification === 'positive')
      .map((r) => ({ kind: 'deal' as const, key: `deal:${r.sequenceId}`, payload: { ...r } })),
    ...facts.optOuts.map((o) => ({ kind: 'unsubscribe' as const, key: `unsubscribe:${o.email}`, payload: { ...o } })),
    ...facts.bounces.map((b) => ({ kind: 'bounce' as const, key: `bounce:${b.contactId}`, payload: { ...b } })),
  ];
  const added = writes.length > 0 ? await deps.repo.enqueue(deps.provider, writes, at) : 0;
  await deps.state.set(watermarkKey(deps.provider), String(at.getTime()), at);
  return added;
}
