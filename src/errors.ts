/** Every failure leadbot reports carries one of these codes. */
export type ErrorCode =
  | 'invalid_config'
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'rate_limited'
  | 'quota_exhausted'
  | 'unauthorized'
  | 'provider_failed'
  | 'timeout'
  | 'llm_unavailable'
  | 'llm_invalid_output'
  | 'db_failed'
  | 'approval_required'
  | 'budget_exhausted'
  | 'slack_failed'
  | 'internal';

export interface AppErrorOptions {
  cause?: unknown;
  /** Extra structured detail for logs; never shown to end users. */
  details?: Record<string, unknown>;
}

/**
 * The project's one error type. Adapters translate vendor errors into it, so the
 * pipeline never sees an HTTP, Slack or SQLite error directly.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
  }
}

/** True when `err` is an AppError, optionally with one of the given codes. */
export function isAppError(err: unknown, ...codes: ErrorCode[]): err is AppError {
  return err instanceof AppError && (codes.length === 0 || codes.includes(err.code));
}

/** Wraps anything thrown into an AppError, keeping the original as `cause`. */
export function toAppError(err: unknown, code: ErrorCode = 'internal', message?: string): AppError {
  if (err instanceof AppError) return err;
  const text = message ?? (err instanceof Error ? err.message : String(err));
  return new AppError(code, text, { cause: err });
}
