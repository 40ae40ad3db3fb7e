import type { ConversationPort } from '../agent/ports.js';
import type { LeadbotServices } from '../agent/services.js';
import type { Container } from '../container/index.js';
import type { Actor } from '../pipeline/approvals/ports.js';

/** What happens after a human decision: contacts after Gate 1, sending after Gate 2 (src/wiring/flow.ts). */
export interface BotFlow {
  leadDecided(companyId: number, decision: 'approved' | 'rejected'): void;
  draftApproved(draftId: number): Promise<void>;
}

/** Everything the Slack edge needs, wired once by the composition root. */
export interface BotDeps {
  app: Container;
  conversation: ConversationPort;
  services: LeadbotServices;
  flow: BotFlow;
  /** How decisions are recorded: 'slack', or 'workspace' for the local workspace. */
  surface: 'slack' | 'workspace';
}

/** The human behind a click or a message, as approvals record them. */
export function actorOf(user: { id: string; name?: string; username?: string }, deps: BotDeps): Actor {
  return { id: user.id, name: user.username ?? user.name, source: deps.surface };
}

/** Anyone may approve when APPROVER_USER_IDS is empty. */
export function isApprover(userId: string, deps: BotDeps): boolean {
  const ids = deps.app.config.slack.approverUserIds;
  return ids.length === 0 || ids.includes(userId);
}
