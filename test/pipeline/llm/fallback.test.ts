import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { fallsBackFromModel } from '../../../src/pipeline/llm/fallback.js';

describe('fallsBackFromModel: the one rule for leaving the model for the deterministic path', () => {
  it('falls back when the model could not deliver, and never for a bug or the database', () => {
    for (const code of ['llm_unavailable', 'llm_invalid_output', 'timeout', 'provider_failed', 'rate_limited'] as const)
      expect(fallsBackFromModel(new AppError(code, 'x'), 'pause')).toBe(true);
    expect(fallsBackFromModel(new AppError('db_failed', 'disk full'), 'fallback')).toBe(false);
    expect(fallsBackFromModel(new TypeError('undefined is not a function'), 'fallback')).toBe(false);
    expect(fallsBackFromModel(new AppError('forbidden', 'no'), 'fallback')).toBe(false);
  });

  it('a spent model budget falls back only where the caller says the free path will do', () => {
    const spent = new AppError('budget_exhausted', 'Not calling the model: today’s model budget is spent');
    expect(fallsBackFromModel(spent, 'fallback')).toBe(true);
    expect(fallsBackFromModel(spent, 'pause')).toBe(false);
  });
});
