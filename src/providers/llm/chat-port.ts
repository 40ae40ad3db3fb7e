import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import type { z } from 'zod';
import { AppError } from '../../errors.js';
import type { ModelMeter, ModelTicket } from '../../pipeline/costs/model-meter.js';
import type { LlmCallOptions, LlmPort } from '../../pipeline/llm/ports.js';
import { jsonModeOptions, type LlmConfig } from './chat-model.js';
import { translateLlmError } from './errors.js';
import { parseJsonAnswer, toJsonSchema } from './json.js';

export interface ChatLlmPortDeps {
  /** The chat model for a temperature (undefined: the model's default); undefined when none is configured. */
  model: (temperature?: number) => BaseChatModel | undefined;
  provider: LlmConfig['provider'] | 'other';
  /** "ollama (llama3.2)". */
  label: string;
  timeoutMs: number;
  available: () => boolean;
  /** Sees every translated failure (the service marks the model down on connection/auth failures). */
  onFailure?: (err: AppError) => void;
  /** Reserves each call's cost against the model budgets and prices it (absent: calls are not metered). */
  meter?: ModelMeter;
  /** Sees every call as it ends (process metrics). */
  onCall?: (call: { durationMs: number; ok: boolean }) => void;
}

interface Answer {
  message: AIMessage;
  text: string;
  durationMs: number;
  costUsd?: number;
}

const charsOf = (messages: BaseMessage[]) => messages.reduce((n, m) => n + m.text.length, 0);

/**
 * The LlmPort over a LangChain chat model: every call has a timeout and is recorded against `run`
 * (agent_run_logs: duration, tokens in/out); structured output goes through the provider's JSON mode, is parsed
 * and validated with zod, and gets one repair retry that shows the model its validation errors.
 * @throws AppError('llm_unavailable') when the model is down, slow or refuses; ('llm_invalid_output') after the repair.
 */
export function createChatLlmPort(deps: ChatLlmPortDeps): LlmPort {
  const invoke = async (options: LlmCallOptions, name: string, messages: BaseMessage[], extra = {}) => {
    const model = deps.available() ? deps.model(options.temperature) : undefined;
    if (!model) throw new AppError('llm_unavailable', `No language model is reachable (${deps.label})`);
    const timeoutMs = options.timeoutMs ?? deps.timeoutMs;
    let ticket: ModelTicket | undefined;
    try {
      ticket = await deps.meter?.reserve({
        step: name,
        runId: options.run?.id,
        companyId: options.companyId,
        promptChars: charsOf(messages),
      });
    } catch (err) {
      await record(options, name, { durationMs: 0, error: (err as Error).message, skipped: true });
      throw err;
    }
    const started = Date.now();
    try {
      const message = await invokeWithTimeout(model, messages, extra, timeoutMs);
      const usage = message.usage_metadata;
      const costUsd =
        ticket && (await deps.meter!.settle(ticket, usage && { in: usage.input_tokens, out: usage.output_tokens }));
      deps.onCall?.({ durationMs: Date.now() - started, ok: true });
      return { message, text: message.text.trim(), durationMs: Date.now() - started, costUsd } satisfies Answer;
    } catch (err) {
      const error = translateLlmError(err, deps.label, timeoutMs);
      if (ticket) await deps.meter!.settle(ticket, undefined, true);
      deps.onCall?.({ durationMs: Date.now() - started, ok: false });
      await record(options, name, { durationMs: Date.now() - started, error: error.message });
      deps.onFailure?.(error);
      throw error;
    }
  };

  return {
    available: () => deps.available(),
    describe: () => deps.label,
    async text(options) {
      const messages = [new SystemMessage(options.system), new HumanMessage(options.prompt)];
      const answer = await invoke(options, options.name, messages);
      const error = answer.text === '' ? 'the model returned an empty answer' : undefined;
      await record(options, options.name, { ...answer, error });
      if (error) throw new AppError('llm_invalid_output', `${deps.label}: ${error} for ${options.name}`);
      return answer.text;
    },
    async structured<T>(options: LlmCallOptions & { schema: z.ZodType<T>; schemaName?: string }): Promise<T> {
      const jsonSchema = toJsonSchema(options.schema);
      const json = jsonModeOptions(deps.provider, jsonSchema);
      const messages: BaseMessage[] = [
        new SystemMessage(`${options.system}\n\n${jsonInstruction(jsonSchema, options.schemaName)}`),
        new HumanMessage(options.prompt),
      ];
      const first = await invoke(options, options.name, messages, json);
      const parsed = parseJsonAnswer(first.text, options.schema);
      await record(options, options.name, { ...first, error: parsed.ok ? undefined : invalid(parsed.problems) });
      if (parsed.ok) return parsed.value;
      messages.push(new AIMessage(first.text), new HumanMessage(repairInstruction(parsed.problems)));
      const repairName = `${options.name}.repair`;
      const second = await invoke(options, repairName, messages, json);
      const repaired = parseJsonAnswer(second.text, options.schema);
      await record(options, repairName, { ...second, error: repaired.ok ? undefined : invalid(repaired.problems) });
      if (repaired.ok) return repaired.value;
      throw new AppError(
        'llm_invalid_output',
        `${deps.label} gave invalid output for ${options.name} twice: ${repaired.problems.slice(0, 3).join('; ')}`,
        { details: { problems: repaired.problems, firstProblems: parsed.problems } },
      );
    },
  };
}

async function record(
  options: LlmCallOptions,
  name: string,
  result: {
    message?: AIMessage;
    text?: string;
    durationMs: number;
    error?: string;
    costUsd?: number;
    skipped?: boolean;
  },
): Promise<void> {
  const usage = result.message?.usage_metadata;
  await options.run?.log({
    kind: 'llm',
    name,
    status: result.skipped ? 'skipped' : result.error ? 'error' : 'ok',
    input: options.prompt,
    output: result.text,
    durationMs: result.durationMs,
    tokensIn: usage?.input_tokens,
    tokensOut: usage?.output_tokens,
    costUsd: result.costUsd,
    error: result.error,
  });
}

const invalid = (problems: string[]) => `invalid output: ${problems.slice(0, 3).join('; ')}`;

function jsonInstruction(jsonSchema: Record<string, unknown> | undefined, schemaName?: string): string {
  const what = schemaName ? ` (${schemaName})` : '';
  const shape = jsonSchema ? ` matching this JSON Schema:\n${JSON.stringify(jsonSchema)}` : '.';
  return `Answer with one JSON object${what} and nothing else: no prose, no code fences,${shape}`;
}

function repairInstruction(problems: string[]): string {
  const list = problems.slice(0, 10).map((p) => `- ${p}`);
  return ['Your answer could not be used:', ...list, 'Reply again with only the corrected JSON object.'].join('\n');
}

/** Invokes the model, aborting the request and rejecting with a TimeoutError after `timeoutMs`. */
async function invokeWithTimeout(
  model: BaseChatModel,
  messages: BaseMessage[],
  callOptions: Record<string, unknown>,
  timeoutMs: number,
): Promise<AIMessage> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = Object.assign(new Error(`timed out after ${timeoutMs} ms`), { name: 'TimeoutError' });
      controller.abort(err);
      reject(err);
    }, timeoutMs);
  });
  try {
    const call = model.invoke(messages, { ...callOptions, signal: controller.signal });
    call.catch(() => undefined);
    return (await Promise.race([call, timedOut])) as AIMessage;
  } finally {
    clearTimeout(timer);
  }
}
