import { AppError } from '../../errors.js';
import type { LlmPort } from './ports.js';

/** The port when LLM_PROVIDER=none or no model is reachable: callers take their deterministic fallbacks. */
export function createNoLlm(reason = 'no LLM is configured'): LlmPort {
  const fail = () => Promise.reject(new AppError('llm_unavailable', reason));
  return {
    available: () => false,
    describe: () => 'none',
    structured: fail,
    text: fail,
  };
}
