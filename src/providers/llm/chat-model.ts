import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOllama } from '@langchain/ollama';
import { ChatOpenAI } from '@langchain/openai';
import type { Config } from '../../config.js';

export type LlmConfig = Config['llm'];

/** The OpenAI base URL used when OPENAI_BASE_URL is not set. */
const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** Extra time the HTTP layer allows beyond LLM_TIMEOUT_MS before it drops the socket (callers time out first). */
const SOCKET_GRACE_MS = 5000;

export interface ChatModelOptions {
  /** The fetch the vendor client uses (tests pass a recording one). */
  fetch?: typeof fetch;
  /** Sampling temperature; the model's default when undefined. */
  temperature?: number;
}

/** "ollama (llama3.2)", "openai (gpt-4o-mini)" or "none". */
export function describeLlm(llm: LlmConfig): string {
  if (llm.provider === 'none') return 'none';
  return `${llm.provider} (${llm.provider === 'ollama' ? llm.ollamaModel : llm.openaiModel})`;
}

/**
 * Builds the configured LangChain chat model: ChatOllama, ChatOpenAI (any OpenAI-compatible server), or
 * undefined for LLM_PROVIDER=none. No network call happens here. Retries are off: callers decide (one repair
 * retry for invalid output), so a dead server fails fast instead of backing off for a minute.
 */
export function createChatModel(llm: LlmConfig, options: ChatModelOptions = {}): BaseChatModel | undefined {
  const fetchFn = fetchWithTimeout(llm.timeoutMs + SOCKET_GRACE_MS, options.fetch ?? fetch);
  if (llm.provider === 'ollama') {
    return new ChatOllama({
      baseUrl: llm.ollamaHost,
      model: llm.ollamaModel,
      fetch: fetchFn,
      maxRetries: 0,
      temperature: options.temperature,
      numPredict: llm.maxOutputTokens,
    });
  }
  if (llm.provider === 'openai') {
    return new ChatOpenAI({
      model: llm.openaiModel,
      // Keyless OpenAI-compatible servers (vLLM, LM Studio) still need a non-empty key for the client.
      apiKey: llm.openaiApiKey ?? 'not-needed',
      timeout: llm.timeoutMs + SOCKET_GRACE_MS,
      maxRetries: 0,
      temperature: options.temperature,
      maxTokens: llm.maxOutputTokens,
      configuration: { baseURL: (llm.openaiBaseUrl ?? DEFAULT_OPENAI_BASE_URL).replace(/\/+$/, ''), fetch: fetchFn },
    });
  }
  return undefined;
}

/** A fetch that gives up after `timeoutMs`, keeping any signal the caller passed. */
function fetchWithTimeout(timeoutMs: number, base: typeof fetch = fetch): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return base(input, { ...init, signal });
  };
}

/**
 * Call options that switch the provider's JSON mode on: Ollama's `format` takes the JSON schema itself;
 * OpenAI-compatible servers get `response_format: json_object` (json_schema strict mode rejects optional fields).
 */
export function jsonModeOptions(
  provider: LlmConfig['provider'] | 'other',
  jsonSchema: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (provider === 'ollama') return { format: jsonSchema ?? 'json' };
  if (provider === 'openai') return { response_format: { type: 'json_object' } };
  return {};
}
