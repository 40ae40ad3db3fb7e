import { type AppError, isAppError } from '../../errors.js';

/**
 * The model could not deliver: unreachable or refusing, output that failed validation twice, too slow, the vendor
 * failing or rate limiting. Anything else (a bug, the database) is not a reason to fall back and is rethrown.
 */
const MODEL_FAILURES = ['llm_unavailable', 'llm_invalid_output', 'timeout', 'provider_failed', 'rate_limited'] as const;

/**
 * The one rule for falling back from the model to leadbot's deterministic path (templates, synonyms, rules, the
 * help reply). `budget` says what a spent model budget means to the caller: 'fallback' where the deterministic path
 * costs nothing and is good enough (search planning, narration, lesson wording, the agent's answer), 'pause' where
 * the work should wait for the limit to be raised instead (the writer and the critic: a template draft is worse).
 */
export function fallsBackFromModel(err: unknown, budget: 'fallback' | 'pause'): err is AppError {
  if (isAppError(err, ...MODEL_FAILURES)) return true;
  return budget === 'fallback' && isAppError(err, 'budget_exhausted');
}
