import type { Logger } from '../logger.js';
import type { LlmPort } from '../pipeline/llm/ports.js';
import { dispatchIntent } from './conversation/dispatch.js';
import { noLlmAnswer } from './conversation/fallback.js';
import {
  type ConversationMemoryPort,
  type ConversationState,
  loadState,
  parseMemoryOf,
  remember,
  saveState,
} from './conversation/memory.js';
import type { ConversationPort, Reply, TurnContext } from './ports.js';
import type { AgentPort } from './react/ports.js';
import type { Router } from './router/route.js';
import type { RouteDecision } from './router/types.js';
import { answersWithoutMention } from './router/unmentioned.js';
import type { LeadbotServices } from './services.js';

/** Requests that do not change what "what about …?" refers to. */
const SIDE_ACTIONS = new Set(['request_approval', 'suppress']);

export interface ConversationDeps {
  router: Router;
  services: LeadbotServices;
  memory: ConversationMemoryPort;
  /** Tier 3. Without it (or without an LLM) open-ended requests get the closest commands instead. */
  agent?: AgentPort;
  llm: LlmPort;
  now: () => Date;
  logger?: Logger;
  /** Never call an LLM, in the router or through the agent. */
  noLlm?: boolean;
}

/**
 * The brain behind every surface: routes the message, answers tier 1 from the directive, calls the service for a
 * tier-2 intent, hands open-ended requests to the agent and asks when unsure. Remembers per conversation what was
 * searched and shown so "more", "what about Rochester?" and "approve the first two" work.
 */
export function createConversation(deps: ConversationDeps): ConversationPort {
  /** Routes and answers one message; `accept` may decline the decision (nothing is then answered or remembered). */
  const turn = async (
    text: string,
    ctx: TurnContext,
    options: { noLlm?: boolean; accept?: (d: RouteDecision) => Promise<boolean> } = {},
  ): Promise<Reply | undefined> => {
    const now = deps.now();
    const state = await loadState(deps.memory, ctx.conversationKey, now);
    const noLlm = deps.noLlm || options.noLlm;
    const decision = await deps.router.route(text, { memory: parseMemoryOf(state), noLlm });
    deps.logger?.debug({ conversation: ctx.conversationKey, decision }, 'routed');
    if (options.accept && !(await options.accept(decision))) return undefined;
    const reply = await answer(decision, text, ctx, state, deps);
    remember(state, 'user', text);
    remember(state, 'assistant', reply.text);
    await saveState(
      deps.memory,
      ctx.conversationKey,
      state,
      deps.now(),
      deps.router.lexicon().thresholds.memoryTtlHours,
    );
    return { ...reply, data: reply.data ?? { decision } };
  };
  return {
    async respond(text, ctx) {
      return (await turn(text, ctx))!;
    },
    respondUnmentioned(text, ctx, proceed) {
      const confident = deps.router.lexicon().thresholds.confident;
      return turn(text, ctx, { noLlm: true, accept: async (d) => answersWithoutMention(d, confident) && proceed() });
    },
  };
}

async function answer(
  decision: RouteDecision,
  text: string,
  ctx: TurnContext,
  state: ConversationState,
  deps: ConversationDeps,
): Promise<Reply> {
  const lex = deps.router.lexicon();
  state.choices = undefined;
  switch (decision.route) {
    case 'direct': {
      const key = decision.replyKey ?? decision.intent ?? 'greeting';
      return { text: key === 'help' ? lex.help : (lex.replies[key] ?? lex.replies.greeting ?? lex.help) };
    }
    case 'clarify': {
      const choices = decision.readings.map((r) => ({ label: r.text, text: r.text }));
      if (choices.length > 0) state.choices = choices;
      return {
        text: decision.question ?? lex.replies.unknown ?? '',
        choices: choices.length > 0 ? choices : undefined,
      };
    }
    case 'agent': {
      const history = state.history.map((t) => ({ ...t }));
      if (deps.agent && !deps.noLlm && deps.llm.available()) return deps.agent.run(text, ctx, history);
      const fallback = noLlmAnswer(text, lex, parseMemoryOf(state));
      if (fallback.choices?.length) state.choices = fallback.choices;
      return fallback;
    }
    default: {
      const out = await dispatchIntent(decision.intent ?? '', decision.args, ctx, state, deps.services);
      if (!SIDE_ACTIONS.has(decision.intent ?? '')) {
        state.lastIntent = decision.intent ?? undefined;
        state.lastArgs = { ...decision.args };
      }
      if (out.search) {
        const same =
          state.lastSearch?.industry === out.search.industry && state.lastSearch?.location === out.search.location;
        const ids = (out.shown ?? []).map((l) => l.company.id);
        state.searchShownIds = same ? [...new Set([...state.searchShownIds, ...ids])] : ids;
        state.lastSearch = out.search;
      }
      if (out.shown) state.shown = out.shown.map((l) => ({ id: l.company.id, name: l.company.name }));
      return out.reply;
    }
  }
}
