import { addressOf } from '../compose-message.js';
import type { OutreachEventRecord, OutreachRepo } from '../ports.js';
import type { SendAlertPort, SenderPausedAlert } from './alerts.js';
import type { SendingPolicy } from './policy.js';
import type { PoolMember, SenderRepo } from './ports.js';

/** Failures in a row ("try again" outcomes) before the team hears that a sender keeps failing. */
const FAILING_STREAK = 3;

export interface HealthDeps {
  senders: PoolMember[];
  senderState: SenderRepo;
  outreach: OutreachRepo;
  alerts: SendAlertPort;
  policy: () => SendingPolicy;
  now: () => Date;
}

const addressFor = (name: string, deps: HealthDeps) =>
  addressOf(deps.senders.find((s) => s.name === name)?.from ?? name);

/**
 * Pauses a sender and alerts the team once (the call that actually paused it alerts; later ones change nothing).
 * Its sequences wait; nothing about any recipient is recorded.
 */
export async function pauseSender(
  name: string,
  input: Pick<SenderPausedAlert, 'reason' | 'cause' | 'numbers'> & { by?: string },
  deps: HealthDeps,
): Promise<boolean> {
  const paused = await deps.senderState.pause(name, { reason: input.reason, by: input.by ?? 'leadbot' }, deps.now());
  if (!paused) return false;
  const waiting = (await deps.outreach.listSequences({ status: ['active', 'paused'], sender: name })).length;
  await deps.alerts.senderPaused({
    sender: name,
    address: addressFor(name, deps),
    reason: input.reason,
    cause: input.cause,
    numbers: input.numbers,
    waiting,
  });
  return true;
}

/** One more "try again" failure: after FAILING_STREAK in a row the team hears it once, not per message. */
export async function noteSendFailure(name: string, reason: string, deps: HealthDeps): Promise<void> {
  const streak = await deps.senderState.recordFailure(name, reason, deps.now());
  if (streak < FAILING_STREAK || !(await deps.senderState.claimFailureAlert(name, deps.now()))) return;
  await deps.alerts.senderFailing({
    sender: name,
    address: addressFor(name, deps),
    failures: streak,
    lastFailure: reason,
  });
}

/**
 * After a hard bounce: pauses the sender when its hard bounces over its last `over` sends pass the policy's rate
 * (2% over 100 by default: the third hard bounce among the last hundred sends, however few it has sent so far).
 */
export async function checkBounceRate(name: string, deps: HealthDeps): Promise<boolean> {
  const { hardBounceRate, over } = deps.policy().pause;
  const recent = await deps.outreach.recentSendsFrom(name, over);
  const hardBounces = recent.filter((e) => e.classification === 'hard_bounce').length;
  if (hardBounces / over <= hardBounceRate) return false;
  const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;
  return pauseSender(
    name,
    {
      cause: 'bounce_rate',
      reason:
        `${hardBounces} hard bounces in its last ${recent.length} sends (${pct(hardBounces / Math.max(recent.length, 1))}); ` +
        `the limit is ${pct(hardBounceRate)} over ${over} sends`,
      numbers: { hardBounces, sends: recent.length, threshold: hardBounceRate, over },
    },
    deps,
  );
}

/** What the Tracker tells the pool about a send's sender once mail comes back. */
export interface SenderHealthPort {
  /** A hard bounce came back for `send`: counted against its sender's bounce rate (which may pause it). */
  hardBounce(send: OutreachEventRecord): Promise<void>;
  /** A spam complaint about `send`: its sender is paused at once and the team alerted. */
  complaint(send: OutreachEventRecord, address: string | null): Promise<void>;
}

export function createSenderHealth(deps: HealthDeps): SenderHealthPort {
  return {
    async hardBounce(send) {
      if (send.classification !== 'hard_bounce')
        await deps.outreach.updateEvent(send.id, { classification: 'hard_bounce' }, deps.now());
      if (send.sender) await checkBounceRate(send.sender, deps);
    },
    async complaint(send, address) {
      if (!send.sender) return;
      await pauseSender(
        send.sender,
        { cause: 'complaint', reason: `a spam complaint${address ? ` from ${address}` : ''} (feedback loop)` },
        deps,
      );
    },
  };
}
