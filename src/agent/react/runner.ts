import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage, createAgent, HumanMessage } from 'langchain';
import { type AppError, isAppError, toAppError } from '../../errors.js';
import { allowLinks } from '../../mrkdwn/model-text.js';
import type { ModelMeter } from '../../pipeline/costs/model-meter.js';
import type { DirectiveStore } from '../../pipeline/directives/store.js';
import { fallsBackFromModel } from '../../pipeline/llm/fallback.js';
import type { RunHandle, RunRecorder } from '../../pipeline/runs/recorder.js';
import type { TurnContext } from '../ports.js';
import type { LeadbotServices } from '../services.js';
import { type CallBudget, callBudgetMiddleware } from './budget.js';
import { buildFallbackReply } from './fallback.js';
import type { AgentPort, AgentReply, AgentTurn } from './ports.js';
import { loadAgentPrompt, loadFallback } from './prompt.js';
import { limitText, summaryOf, toReply } from './reply.js';
import { type AnswerRelay, createAnswerRelay, streamGraph } from './stream.js';
import { buildAgentTools, type Collected, emptyCollected, narrowServices } from './tools/index.js';

/** The LLM as the agent needs it; `LlmService` from src/providers/llm/service.ts fits as is. */
export interface AgentLlm {
  available(): boolean;
  describe(): string;
  chatModel(): BaseChatModel | undefined;
  translateError(err: unknown): AppError;
}

export interface AgentRunnerDeps {
  llm: AgentLlm;
  services: LeadbotServices;
  recorder: RunRecorder;
  directives: DirectiveStore;
  /** AGENT_MAX_MODEL_CALLS. */
  maxModelCalls: number;
  /** LLM_TIMEOUT_MS, per model call. */
  timeoutMs: number;
  now: () => Date;
  /** Earlier turns passed to the model (default 12). */
  historyTurns?: number;
  /** Holds each model call to the model budgets and prices it. */
  meter?: ModelMeter;
}

const TURN_LIMIT = 1500;

/**
 * The tier-3 ReAct agent: LangChain `createAgent` over leadbot's tools, with the call budget enforced in code.
 * Without a reachable model it answers with the closest commands (0 model calls) instead of failing.
 * @throws AppError when a tool-independent failure ends the run (the run is marked failed).
 */
export function createAgentRunner(deps: AgentRunnerDeps): AgentPort {
  const services = narrowServices(deps.services);
  return {
    async run(text, ctx, history) {
      const model = deps.llm.available() ? deps.llm.chatModel() : undefined;
      if (!model) return buildFallbackReply(text, loadFallback(deps.directives), deps.llm.describe());
      const prompt = loadAgentPrompt(deps.directives, {
        today: deps.now().toISOString().slice(0, 10),
        maxModelCalls: deps.maxModelCalls,
      });
      const run = await deps.recorder.start({
        kind: 'agent',
        trigger: ctx.surface,
        requestedBy: ctx.userId,
        input: { text },
        slackChannel: ctx.slackChannel,
        slackThreadTs: ctx.slackThreadTs,
      });
      const collected = emptyCollected();
      const budget: CallBudget = { calls: 0, exhausted: false };
      const relay = createAnswerRelay(ctx.stream, {
        has: (url) => allowLinks([...collected.leads.values()].map((l) => l.company.website)).has(url),
      });
      try {
        const agent = createAgent({
          model,
          tools: buildAgentTools({ services, ctx, run, collected }),
          systemPrompt: prompt.system,
          middleware: [
            callBudgetMiddleware({
              max: deps.maxModelCalls,
              finalStep: prompt.finalStep,
              timeoutMs: deps.timeoutMs,
              run,
              translate: (err) => deps.llm.translateError(err),
              budget,
              meter: deps.meter,
            }),
          ],
        });
        const messages = [...toMessages(history, deps.historyTurns ?? 12), new HumanMessage(text)];
        const config = { recursionLimit: deps.maxModelCalls * 3 + 10 };
        const result = ctx.stream
          ? await streamGraph(agent, { messages }, config, relay)
          : await agent.invoke({ messages }, config);
        const answer = finalText(result.messages);
        const reply = budget.exhausted
          ? limitText(`I used all ${deps.maxModelCalls} steps I have for one message before finishing.`, collected)
          : answer || limitText('The model gave no answer this time.', collected);
        if (reply !== answer) relay.say(reply);
        relay.end();
        await run.complete(summaryOf(budget, collected));
        return toReply(reply, run, budget, collected);
      } catch (err) {
        return recover(err, { text, ctx, run, budget, collected, deps, relay });
      }
    },
  };
}

async function recover(
  err: unknown,
  s: {
    text: string;
    ctx: TurnContext;
    run: RunHandle;
    budget: CallBudget;
    collected: Collected;
    deps: AgentRunnerDeps;
    relay: AnswerRelay;
  },
): Promise<AgentReply> {
  if (isRecursionLimit(err)) {
    await s.run.complete(summaryOf(s.budget, s.collected));
    const lead = `I used all ${s.deps.maxModelCalls} steps I have for one message before finishing.`;
    const text = limitText(lead, s.collected);
    s.relay.say(text);
    s.relay.end();
    return toReply(text, s.run, s.budget, s.collected);
  }
  const error = findAppError(err) ?? toAppError(err, 'internal', 'The agent failed unexpectedly');
  await s.run.fail(error);
  if (!fallsBackFromModel(error, 'fallback')) throw error;
  const why =
    error.code === 'budget_exhausted' ? `${error.message}.` : `The language model stopped answering: ${error.message}.`;
  const fallback = buildFallbackReply(s.text, loadFallback(s.deps.directives), s.deps.llm.describe(), why);
  s.relay.say(fallback.text);
  s.relay.end();
  return { ...fallback, runId: s.run.id, modelCalls: s.budget.calls, toolCalls: s.collected.toolCalls };
}

function toMessages(history: AgentTurn[], turns: number): BaseMessage[] {
  return history.slice(-turns).map((t) => {
    const text = t.text.length > TURN_LIMIT ? `${t.text.slice(0, TURN_LIMIT)}…` : t.text;
    return t.role === 'user' ? new HumanMessage(text) : new AIMessage(text);
  });
}

function finalText(messages: BaseMessage[]): string {
  const last = messages.at(-1);
  return last && AIMessage.isInstance(last) && (last.tool_calls ?? []).length === 0 ? last.text.trim() : '';
}

function isRecursionLimit(err: unknown): boolean {
  return err instanceof Error && (err.name === 'GraphRecursionError' || /recursion limit/i.test(err.message));
}

function findAppError(err: unknown): AppError | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 6; depth++) {
    if (isAppError(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
