import type { ConversationPort } from '../agent/ports.js';
import type { UserActor } from '../app/actor.js';
import type { Exclusive } from '../app/cluster/exclusive.js';
import type { UseCases } from '../app/use-cases.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { JobQueue } from '../pipeline/jobs/ports.js';
import type { SlackDirectoryClient } from '../providers/slack/membership.js';

/** Everything the Slack edge needs, wired once by the composition root: use cases, never repositories. */
export interface BotDeps {
  useCases: UseCases;
  conversation: ConversationPort;
  config: Pick<Config, 'mode' | 'slack' | 'schedules' | 'mail' | 'crm'>;
  logger: Logger;
  now: () => Date;
  /** How decisions are recorded: 'slack', or 'workspace' for the local workspace. */
  surface: 'slack' | 'workspace';
  /** Work shared with the other instances on the same database: scheduled jobs run once across all of them. */
  cluster: {
    jobs: JobQueue;
    /** Runs `fn` holding lease `name` (never while another live instance holds it). */
    exclusively<T>(name: string, fn: () => Promise<T>): Promise<Exclusive<T>>;
  };
  /** Hands the started bot's Web API client to whoever checks workspace membership. */
  onClient?: (client: SlackDirectoryClient) => void;
}

/** The person behind a click or a message, as the policy and approvals see them. */
export function actorOf(
  user: { id: string; name?: string; username?: string },
  deps: Pick<BotDeps, 'surface'>,
): UserActor {
  return { kind: 'user', surface: deps.surface, id: user.id, name: user.username ?? user.name };
}
