import { and, eq } from 'drizzle-orm';
import type { ProviderStateRepo } from '../../pipeline/guard/provider-guard.js';
import { type Db, sessionOf } from '../client.js';
import { providerState } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

/** Skip flags in `provider_state`. */
export function createProviderStateRepo(db: Db): ProviderStateRepo {
  return asyncRepo<ProviderStateRepo>(sessionOf(db), createProviderStateRepoSync(db));
}

function createProviderStateRepoSync(db: Db): Sync<ProviderStateRepo> {
  return {
    getSkip(provider, scope) {
      const row = db
        .select()
        .from(providerState)
        .where(
          and(
            eq(providerState.provider, provider),
            eq(providerState.scope, scope),
            eq(providerState.status, 'skipped'),
          ),
        )
        .get();
      return row
        ? { provider, reason: row.reason ?? 'skipped', httpStatus: row.httpStatus, at: row.updatedAt }
        : undefined;
    },
    setSkip(skip) {
      db.insert(providerState)
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
        })
        .run();
    },
    listSkips(scope) {
      return db
        .select()
        .from(providerState)
        .where(and(eq(providerState.scope, scope), eq(providerState.status, 'skipped')))
        .orderBy(providerState.updatedAt)
        .all()
        .map((r) => ({
          provider: r.provider,
          reason: r.reason ?? 'skipped',
          httpStatus: r.httpStatus,
          at: r.updatedAt,
        }));
    },
  };
}
