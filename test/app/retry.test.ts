import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY, isTransient } from '../../src/app/runs/retry-policy.js';
import { AppError } from '../../src/errors.js';

describe('retry policy', () => {
  it('retries what may pass later, never a definite refusal', () => {
    const transient = [
      new AppError('timeout', 'Hunter did not answer within 10000 ms'),
      new AppError('rate_limited', '429'),
      new AppError('db_failed', 'database is locked'),
      Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }),
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    ];
    const definite = [
      new AppError('invalid_config', 'directives/writer.md has no angles block'),
      new AppError('not_found', 'No company with id 4040'),
      new AppError('approval_required', 'approve it first'),
      new AppError('provider_failed', 'SMTP: 550 User unknown', { details: { permanent: true } }),
      new Error('x is not a function'),
      'a string',
    ];
    expect(transient.map(isTransient)).toEqual(transient.map(() => true));
    expect(definite.map(isTransient)).toEqual(definite.map(() => false));
  });

  it('waits twice as long each time, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(DEFAULT_RETRY, n))).toEqual([
      2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
  });
});
