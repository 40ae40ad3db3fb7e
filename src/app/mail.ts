import type { Container } from '../container/index.js';
import { AppError } from '../errors.js';
import { type Actor, actorId, deciderOf, personOf } from './actor.js';
import { type Suppression, suppressByHuman } from './decisions.js';
import { authorize, type PolicyDeps } from './policy.js';
import { type IngestedReply, ingestRawReply } from './replies/ingest.js';
import { type SimulatedKind, simulateReply as simulate } from './replies/simulate.js';
import { triggerOf } from './stages/use-case.js';

export interface MailDeps {
  container: Container;
  policy: PolicyDeps;
}

/**
 * Never email this address or domain again: recorded as the person's decision and applied at once (its sequences
 * stop).
 * @throws AppError('forbidden') for someone who may not; ('invalid_input') for a target that is neither an email
 * address nor a domain (nothing is written).
 */
export async function suppress(
  input: { target: string; reason?: string },
  actor: Actor,
  deps: MailDeps,
): Promise<Suppression> {
  await authorize(actor, 'suppress', deps.policy);
  const person = personOf(actor);
  if (!person || actor.kind === 'agent') throw new AppError('forbidden', 'Only a person can suppress an address');
  return suppressByHuman(deps.container, {
    target: input.target,
    reason: input.reason?.trim() || undefined,
    actor: deciderOf(person),
  });
}

/**
 * One raw email (an .eml file's bytes) read as a reply: classified, matched to the send it answers and applied
 * (stop, pause, alert, win rates).
 * @throws AppError('forbidden'); ('invalid_input') when the bytes are not an email leadbot can read.
 */
export async function ingestReply(
  input: { raw: Buffer | string },
  actor: Actor,
  deps: MailDeps,
): Promise<IngestedReply> {
  await authorize(actor, 'ingest_reply', deps.policy);
  return ingestRawReply(deps.container, input.raw, { trigger: triggerOf(actor), requestedBy: actorId(actor) });
}

/**
 * Sandbox only: a reply as the recipient of a sent draft would write it, through the real Tracker. It writes to the
 * real win-rate table and may suppress, so it is an approver's action.
 * @throws AppError('forbidden') for someone who may not, or with a real mail transport; ('conflict') when the
 * draft's email has not been sent.
 */
export async function simulateReply(
  input: { draftId: number; kind: SimulatedKind; text?: string },
  actor: Actor,
  deps: MailDeps,
): Promise<IngestedReply> {
  await authorize(actor, 'simulate_reply', deps.policy);
  return simulate(deps.container, { ...input, requestedBy: actorId(actor) });
}
