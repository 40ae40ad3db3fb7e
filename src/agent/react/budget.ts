import { AIMessage, createMiddleware, SystemMessage } from 'langchain';
import type { AppError } from '../../errors.js';
import type { ModelMeter, ModelTicket } from '../../pipeline/costs/model-meter.js';
import type { RunHandle } from '../../pipeline/runs/recorder.js';

export interface CallBudget {
  /** Model calls made so far for this message. */
  calls: number;
  /** True when the last allowed call still asked for tools and leadbot answered instead. */
  exhausted: boolean;
}

export interface BudgetOptions {
  max: number;
  /** Appended to the system prompt on the last allowed call, when the tools are taken away. */
  finalStep: string;
  timeoutMs: number;
  run: RunHandle;
  translate: (err: unknown) => AppError;
  budget: CallBudget;
  /** Holds each call to the model budgets and prices it (absent: not metered). */
  meter?: ModelMeter;
}

/**
 * Enforces AGENT_MAX_MODEL_CALLS in code: the last allowed call gets no tools and a "answer now" notice, and a
 * tool request on that call is dropped, so the loop always ends within the budget. Every call is reserved against
 * the model budgets (a refusal ends the loop with AppError('budget_exhausted')), timed out and recorded in
 * agent_run_logs (kind llm, duration, tokens in/out, cost).
 */
export function callBudgetMiddleware(options: BudgetOptions) {
  const { budget, run } = options;
  return createMiddleware({
    name: 'LeadbotCallBudget',
    wrapModelCall: async (request, handler) => {
      budget.calls += 1;
      const last = budget.calls >= options.max;
      const prepared = last
        ? {
            ...request,
            tools: [],
            systemMessage: new SystemMessage(`${request.systemMessage.text}\n\n${options.finalStep}`),
          }
        : request;
      const promptChars = prepared.messages.reduce((n, m) => n + m.text.length, prepared.systemMessage.text.length);
      const ticket: ModelTicket | undefined = await options.meter?.reserve({
        step: 'agent.model',
        runId: run.id,
        promptChars,
      });
      const started = Date.now();
      let response: AIMessage;
      try {
        response = await withTimeout(Promise.resolve(handler(prepared)), options.timeoutMs);
      } catch (err) {
        if (ticket) await options.meter!.settle(ticket, undefined, true);
        const error = options.translate(err);
        await run.log({
          kind: 'llm',
          name: 'agent.model',
          status: 'error',
          durationMs: Date.now() - started,
          error: error.message,
        });
        throw error;
      }
      const usage = response.usage_metadata;
      const costUsd =
        ticket && (await options.meter!.settle(ticket, usage && { in: usage.input_tokens, out: usage.output_tokens }));
      const calls = response.tool_calls ?? [];
      await run.log({
        kind: 'llm',
        name: 'agent.model',
        status: 'ok',
        output: calls.length > 0 ? `tools: ${calls.map((c) => c.name).join(', ')}` : response.text,
        durationMs: Date.now() - started,
        tokensIn: usage?.input_tokens,
        tokensOut: usage?.output_tokens,
        costUsd,
      });
      if (!last || calls.length === 0) return response;
      budget.exhausted = true;
      return new AIMessage({ content: '', id: response.id, usage_metadata: usage });
    },
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`timed out after ${ms} ms`), { name: 'TimeoutError' })),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
