import type { Stage } from '../services.js';

export const ROUTES = ['direct', 'intent', 'agent', 'clarify'] as const;
export type RouteName = (typeof ROUTES)[number];

/** The tier-2 catalogue (DESIGN.md). */
export const CATALOGUE_INTENTS = [
  'search_companies',
  'list_leads',
  'list_drafts',
  'pipeline_status',
  'win_rates',
  'run_stage',
  'company_info',
  'digest',
  'suppress',
] as const;
export type CatalogueIntent = (typeof CATALOGUE_INTENTS)[number];

/** Tier-1 intents, answered from the directive's text. */
export const DIRECT_INTENTS = ['greeting', 'thanks', 'help', 'small_talk'] as const;
export type DirectIntent = (typeof DIRECT_INTENTS)[number];

/**
 * Not in the catalogue: a human asked to approve or reject leads shown earlier. The surface turns it into
 * confirmation buttons (approval requests); it never decides anything by itself.
 */
export const REQUEST_APPROVAL = 'request_approval';

export type IntentName = CatalogueIntent | DirectIntent | typeof REQUEST_APPROVAL;

export interface RouteArgs {
  industry?: string;
  location?: string;
  count?: number;
  status?: string;
  limit?: number;
  stage?: Stage;
  company?: string;
  target?: string;
  /** request_approval only. */
  decision?: 'approve' | 'reject';
  ids?: number[];
}

/** One reading of an unclear message, offered as a clarifying choice. */
export interface Reading {
  intent: IntentName;
  args: RouteArgs;
  /** What the user would type to mean exactly this, e.g. "find 10 legal companies in Austin". */
  text: string;
}

/** Why a message was not taken as a confident command (for logs and tests). */
export type TrapKind =
  | 'negation'
  | 'hypothetical'
  | 'should'
  | 'about_command'
  | 'multi_request'
  | 'exception'
  | 'reasoning'
  | 'approval_without_context'
  | 'statement';

/** The router's decision: what `leadbot route --batch` prints (the first five fields). */
export interface RouteDecision {
  route: RouteName;
  intent: IntentName | null;
  args: RouteArgs;
  confidence: number;
  llmCalls: number;
  /** For clarify: the likeliest readings (at most two), best first. */
  readings: Reading[];
  /** For clarify: the question to ask (mrkdwn). */
  question?: string;
  trap?: TrapKind;
  /** Direct answers: which reply text of the directive to use (greeting, thanks, ack, help, goodbye…). */
  replyKey?: string;
  /** A short trace: which rule decided. */
  reason: string;
}

/** The five fields the batch CLI prints, in this order. */
export function publicDecision(d: RouteDecision) {
  return { route: d.route, intent: d.intent, args: d.args, confidence: d.confidence, llmCalls: d.llmCalls };
}
