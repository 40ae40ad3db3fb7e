import type { Actor as Decider } from '../pipeline/approvals/ports.js';

/** A person in Slack or in the local workspace (which is Slack to the bot). */
export interface UserActor {
  kind: 'user';
  surface: 'slack' | 'workspace';
  /** Slack user id. */
  id: string;
  name?: string;
}

/** Someone at the server's terminal: shell access already means database access, so the CLI acts as an approver. */
export interface CliActor {
  kind: 'cli';
  /** `cli:<os user>`. */
  id: string;
  name?: string;
}

/** The ReAct agent, working in a conversation with a person: it may read, and ask that person's team to decide. */
export interface AgentActor {
  kind: 'agent';
  onBehalfOf: UserActor | CliActor;
}

/** The scheduler, crash recovery and reply polling: they continue work a human already approved or started. */
export interface SystemActor {
  kind: 'system';
  job: string;
}

/** Who is asking. Every use case receives one and the policy decides what it may do. */
export type Actor = UserActor | CliActor | AgentActor | SystemActor;

export const SYSTEM: SystemActor = { kind: 'system', job: 'leadbot' };

/** The system actor for one scheduled or recovery job ("outreach", "resume", "imap"). */
export function systemActor(job: string): SystemActor {
  return { kind: 'system', job };
}

/** The person behind an actor (the agent acts for the person it talks to); undefined for the system. */
export function personOf(actor: Actor): UserActor | CliActor | undefined {
  if (actor.kind === 'agent') return actor.onBehalfOf;
  return actor.kind === 'system' ? undefined : actor;
}

/** The id recorded as `requestedBy` on runs and requests: a Slack user id, `cli:<user>`, 'agent' or 'leadbot'. */
export function actorId(actor: Actor): string {
  if (actor.kind === 'agent') return 'agent';
  if (actor.kind === 'system') return 'leadbot';
  return actor.id;
}

/** How a human decision is recorded on an approval row. Only people decide, so agents and the system have none. */
export function deciderOf(actor: UserActor | CliActor): Decider {
  return { id: actor.id, name: actor.name, source: actor.kind === 'cli' ? 'cli' : actor.surface };
}
