import type { Action } from '../../app/policy.js';
import type { CatalogueIntent, IntentName, RouteDecision } from './types.js';

/** What each tier-2 intent asks of the policy (the use case it calls authorizes the same action). */
const INTENT_ACTIONS: Record<CatalogueIntent | 'request_approval', Action> = {
  search_companies: 'search',
  list_leads: 'read',
  list_drafts: 'read',
  pipeline_status: 'read',
  win_rates: 'read',
  company_info: 'read',
  digest: 'digest',
  run_stage: 'run_stage',
  suppress: 'suppress',
  request_approval: 'request_approval',
};

/** Actions that change nothing anyone decided and ask nobody to decide: safe to take from an unaddressed message. */
const WITHOUT_MENTION: ReadonlySet<Action> = new Set<Action>(['search', 'read', 'digest']);

const actionOf = (intent: IntentName | null): Action | undefined =>
  intent && intent in INTENT_ACTIONS ? INTENT_ACTIONS[intent as keyof typeof INTENT_ACTIONS] : undefined;

/**
 * Whether a channel message nobody addressed to leadbot is one to answer anyway: the deterministic parser (no model
 * call) took it as a tier-2 command at or above the confident threshold, with no trap, and the command only searches
 * or reads. Chatter, greetings, questions for the agent, unclear messages and anything that would act or ask for an
 * approval need a mention.
 */
export function answersWithoutMention(decision: RouteDecision, confidentAt: number): boolean {
  if (decision.route !== 'intent' || decision.llmCalls > 0 || decision.trap) return false;
  if (decision.confidence < confidentAt) return false;
  const action = actionOf(decision.intent);
  return action !== undefined && WITHOUT_MENTION.has(action);
}
