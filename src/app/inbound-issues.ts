import type { Container } from '../container/index.js';
import type { InboundIssueRecord } from '../pipeline/tracker/ports.js';
import type { Actor } from './actor.js';
import { authorize, type PolicyDeps } from './policy.js';

type IssueDeps = Pick<Container, 'outreach'> & { policy: PolicyDeps };

/** Inbound messages leadbot could not read or match to a send, newest first, with how many there are. */
export async function listInboundIssues(
  input: { limit?: number },
  actor: Actor,
  deps: IssueDeps,
): Promise<{ count: number; issues: InboundIssueRecord[] }> {
  await authorize(actor, 'read', deps.policy);
  const { issues } = deps.outreach;
  return { count: await issues.count(), issues: await issues.list({ limit: input.limit ?? 50 }) };
}

/** One kept message (with the raw bytes of an unreadable one); undefined for an unknown id. */
export async function inboundIssue(
  input: { id: number },
  actor: Actor,
  deps: IssueDeps,
): Promise<InboundIssueRecord | undefined> {
  await authorize(actor, 'read', deps.policy);
  return deps.outreach.issues.get(input.id);
}
