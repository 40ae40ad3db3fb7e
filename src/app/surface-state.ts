import type { Container } from '../container/index.js';
import { crmLocalKey } from '../pipeline/crm/ports.js';
import type { RunRecord } from '../pipeline/runs/ports.js';
import type { HotLeadAlert } from '../pipeline/tracker/ingest.js';

/**
 * What a surface keeps in the database about its own messages: Slack events already answered, conversations it
 * is part of, where a run's status message lives, when the digest was last posted. No authorization: these are the
 * surface's bookkeeping, not actions.
 */
export interface SurfaceStateDeps extends Pick<Container, 'repos' | 'now' | 'crm'> {}

const LAST_DIGEST = 'digest:last';

/** Claims a Slack event (or message) id; false when it was claimed before (a retry or a double delivery). */
export async function claimEvent(input: { id: string; type: string }, deps: SurfaceStateDeps): Promise<boolean> {
  return deps.repos.processedEvents.claim(input.id, input.type, deps.now());
}

/** Forgets claims older than `before` (nightly). */
export async function pruneEvents(before: Date, deps: SurfaceStateDeps): Promise<void> {
  await deps.repos.processedEvents.prune(before);
}

/** True when leadbot remembers a conversation under this key (a thread it answered in). */
export async function knowsConversation(key: string, deps: SurfaceStateDeps): Promise<boolean> {
  return (await deps.repos.conversationMemory.load(key, deps.now())) !== undefined;
}

/** A run, for its status message. */
export async function getRun(runId: string, deps: SurfaceStateDeps): Promise<RunRecord | undefined> {
  return deps.repos.runs.get(runId);
}

/** Records the ts of a run's status message, so later updates edit it in place. */
export async function recordRunStatusMessage(
  input: { runId: string; ts: string },
  deps: SurfaceStateDeps,
): Promise<void> {
  await deps.repos.runs.update(input.runId, { slackStatusTs: input.ts, updatedAt: deps.now() });
}

/** When the digest was last posted (undefined before the first start). */
export async function lastDigestAt(deps: SurfaceStateDeps): Promise<Date | undefined> {
  const last = await deps.repos.state.get(LAST_DIGEST);
  return last ? new Date(last) : undefined;
}

/** Records that the digest was posted now. */
export async function recordDigestPosted(deps: SurfaceStateDeps): Promise<void> {
  await deps.repos.state.set(LAST_DIGEST, deps.now().toISOString(), deps.now());
}

/** Whether a draft's card was posted already (so notifications never post it twice). */
export async function draftCardPosted(draftId: number, deps: SurfaceStateDeps): Promise<boolean> {
  return Boolean((await deps.repos.drafts.get(draftId))?.slackTs);
}

/** Whether a lead's card was posted already. */
export async function leadCardPosted(companyId: number, deps: SurfaceStateDeps): Promise<boolean> {
  return Boolean((await deps.repos.approvals.get('lead', String(companyId)))?.slackTs);
}

/** Where a hot-lead alert was posted, with what it said, so it can gain the CRM deal's link when that is opened. */
export interface HotLeadMessage {
  channel: string;
  ts: string;
  alert: HotLeadAlert;
}

const hotLeadKey = (sequenceId: number) => `hot-lead:${sequenceId}`;

/** Records where the hot-lead alert for a sequence was posted. */
export async function recordHotLeadMessage(input: HotLeadMessage, deps: SurfaceStateDeps): Promise<void> {
  await deps.repos.state.set(hotLeadKey(input.alert.sequenceId), JSON.stringify(input), deps.now());
}

/** The hot-lead alert posted for a sequence, if any. */
export async function hotLeadMessage(sequenceId: number, deps: SurfaceStateDeps): Promise<HotLeadMessage | undefined> {
  const raw = await deps.repos.state.get(hotLeadKey(sequenceId));
  return raw ? (JSON.parse(raw) as HotLeadMessage) : undefined;
}

/**
 * The CRM deal for a sequence's positive reply: undefined without a CRM; `deal` undefined until it is opened.
 */
export async function crmDeal(sequenceId: number, deps: SurfaceStateDeps): Promise<CrmDealRef | undefined> {
  if (!deps.crm) return undefined;
  const link = await deps.repos.crm.getLink(deps.crm.provider, 'deal', crmLocalKey.sequence(sequenceId));
  return { crm: deps.crm.label, deal: link ? { crmId: link.crmId, url: link.url } : undefined };
}

/** A deal in the CRM (or the CRM that will open it), as a message shows it. */
export interface CrmDealRef {
  crm: string;
  deal?: { crmId: string; url: string | null };
}
