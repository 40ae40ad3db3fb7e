import { AppError, isAppError } from '../../errors.js';

export interface ProviderSkip {
  provider: string;
  reason: string;
  httpStatus: number | null;
  at: Date;
}

/** Storage for skip flags (`provider_state`), per scope: a run id, or 'global'. */
export interface ProviderStateRepo {
  getSkip(provider: string, scope: string): Promise<ProviderSkip | undefined>;
  setSkip(skip: ProviderSkip & { scope: string }): Promise<void>;
  listSkips(scope: string): Promise<ProviderSkip[]>;
}

export type GuardedResult<T> =
  | { ok: true; value: T }
  | { ok: false; skipped: true; reason: string }
  | { ok: false; skipped: false; error: AppError };

/** A provider's display name in messages ("Apollo skipped: 403 plan has no API access"). */
export function providerLabel(provider: string): string {
  const names: Record<string, string> = {
    osm: 'OpenStreetMap',
    zerobounce: 'ZeroBounce',
    snov: 'Snov.io',
    nominatim: 'Nominatim',
    overpass: 'Overpass',
  };
  return names[provider] ?? provider.charAt(0).toUpperCase() + provider.slice(1);
}

/**
 * Whether an error means "stop calling this provider for the rest of the run": 401, 403, a 429 whose quota
 * is spent, or a spend limit leadbot's own budget reached. Returns the reason to show, or undefined for errors worth trying again later.
 */
function skipReasonFor(err: unknown): { reason: string; httpStatus: number | null } | undefined {
  if (!isAppError(err, 'unauthorized', 'forbidden', 'quota_exhausted', 'budget_exhausted')) return undefined;
  const status = typeof err.details?.status === 'number' ? err.details.status : null;
  const reason = err.message.replace(/^[\w.]+:\s*/, '');
  return { reason, httpStatus: status };
}

export interface ProviderGuard {
  isSkipped(provider: string): Promise<ProviderSkip | undefined>;
  /** Runs `fn` unless the provider is skipped; a skip-worthy failure sets the flag for the rest of the scope. */
  call<T>(
    provider: string,
    fn: () => Promise<T>,
    describe?: (err: AppError) => string | undefined,
  ): Promise<GuardedResult<T>>;
  skips(): Promise<ProviderSkip[]>;
  /** "Apollo skipped: 403 plan has no API access; Hunter skipped: 429 quota exhausted" */
  summary(): Promise<string>;
}

/** Skip flags for one run: persisted, so a resumed run keeps skipping what it skipped. */
export function createProviderGuard(deps: { state: ProviderStateRepo; scope: string; now: () => Date }): ProviderGuard {
  const guard: ProviderGuard = {
    isSkipped: (provider) => deps.state.getSkip(provider, deps.scope),
    async call(provider, fn, describe) {
      const skip = await guard.isSkipped(provider);
      if (skip) return { ok: false, skipped: true, reason: skip.reason };
      try {
        return { ok: true, value: await fn() };
      } catch (err) {
        const appError = isAppError(err)
          ? err
          : new AppError('provider_failed', String((err as Error)?.message ?? err), { cause: err });
        const skipReason = skipReasonFor(appError);
        if (skipReason) {
          const reason = describe?.(appError) ?? skipReason.reason;
          await deps.state.setSkip({
            provider,
            scope: deps.scope,
            reason,
            httpStatus: skipReason.httpStatus,
            at: deps.now(),
          });
          return { ok: false, skipped: true, reason };
        }
        return { ok: false, skipped: false, error: appError };
      }
    },
    skips: () => deps.state.listSkips(deps.scope),
    summary: async () =>
      (await guard.skips()).map((s) => `${providerLabel(s.provider)} skipped: ${s.reason}`).join('; '),
  };
  return guard;
}
