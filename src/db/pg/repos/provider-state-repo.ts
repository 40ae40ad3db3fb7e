import { and, eq } from 'drizzle-orm';
import type { ProviderStateRepo } from '../../../pipeline/guard/provider-guard.js';
import type { PgDb } from '../client.js';
import { providerState } from '../schema.js';

/** Skip flags in `provider_state`. */
export function createProviderStateRepo(db: PgDb): ProviderStateRepo {
  return {
    async getSkip(provider, scope) {
      const row = (
        await db
          .select()
          .from(providerState)
          .where(
            and(
              eq(providerState.provider, provider),
              eq(providerState.scope, scope),
              eq(providerState.status, 'skipped'),
            ),
          )
          .limit(1)
      )[0];
      return row
        ? { provider, reason: row.reason ?? 'skipped', httpStatus: row.httpStatus, at: row.updatedAt }
        : undefined;
    },
    async setSkip(skip) {
      await db
        .insert(providerState)
        .values({
          provider: skip.provider,
          scope: skip.scope,
          status: 'skipped',
          reason: skip.reason,
          httpStatus: skip.httpStatus,
          failures: 1,
          updatedAt: skip.at,
        })
        .onConflictDoUpdate({
          target: [providerState.provider, providerState.scope],
          set: { status: 'skipped', reason: skip.reason, httpStatus: skip.httpStatus, updatedAt: skip.at },
        });
    },
    async listSkips(scope) {
      return (
        await db
          .select()
          .from(providerState)
          .where(and(eq(providerState.scope, scope), eq(providerState.status, 'skipped')))
          .orderBy(providerState.updatedAt)
      ).map((r) => ({
        provider: r.provider,
        reason: r.reason ?? 'skipped',
        httpStatus: r.httpStatus,
        at: r.updatedAt,
      }));
    },
  };
}
