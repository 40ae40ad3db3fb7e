import type { z } from 'zod';
import type { RunHandle } from '../runs/recorder.js';

export interface LlmCallOptions {
  /** Short name recorded in agent_run_logs, e.g. "scout.plan_queries". */
  name: string;
  system: string;
  prompt: string;
  /** The run to record the call (duration, tokens, cost) against. */
  run?: RunHandle;
  /** The company the call is about, so its cost counts toward that company's industry. */
  companyId?: number;
  temperature?: number;
  timeoutMs?: number;
}

/**
 * The pipeline's view of a language model. Stages depend on this port, never on LangChain.
 * Every method throws AppError('llm_unavailable') when no model is reachable (callers fall back to
 * deterministic paths), AppError('llm_invalid_output') when structured output fails validation twice, and
 * AppError('budget_exhausted') when the call would pass the model's budget (it is not made).
 */
export interface LlmPort {
  /** Whether a model is configured and answered its last probe. Cheap; no network call. */
  available(): boolean;
  /** Human-readable name, e.g. "ollama (llama3.2)", for banners and summaries. */
  describe(): string;
  /** Structured output validated with `schema`; one repair retry with the validation errors, then a typed failure. */
  structured<T>(options: LlmCallOptions & { schema: z.ZodType<T>; schemaName?: string }): Promise<T>;
  /** Free text (a sentence, an email polish). */
  text(options: LlmCallOptions): Promise<string>;
}
