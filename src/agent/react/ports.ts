import type { Reply, TurnContext } from '../ports.js';

/** One earlier turn of the conversation, oldest first, as the agent sees it. */
export interface AgentTurn {
  role: 'user' | 'assistant';
  text: string;
}

/** The agent's answer: a normal Reply plus how much model work it took. */
export interface AgentReply extends Reply {
  /** Chat-model calls made for this message (0 when no LLM was reachable). */
  modelCalls: number;
  /** Names of the tools called, in order. */
  toolCalls: string[];
}

/**
 * Tier 3: the ReAct agent behind one call. It never throws for want of an LLM: when no model is reachable it
 * answers with what leadbot can do right now and the closest tier-2 commands (0 model calls).
 */
export interface AgentPort {
  run(text: string, ctx: TurnContext, history: AgentTurn[]): Promise<AgentReply>;
}
