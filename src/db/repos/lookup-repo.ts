import { and, eq, gte } from 'drizzle-orm';
import type { LookupRepo } from '../../pipeline/costs/ports.js';
import { type Db, sessionOf } from '../client.js';
import { vendorLookups } from '../schema.js';
import { asyncRepo, type Sync } from '../session.js';

/** Paid lookups already bought, in `vendor_lookups` (the latest answer per provider and key). */
export function createLookupRepo(db: Db): LookupRepo {
  return asyncRepo<LookupRepo>(sessionOf(db), createLookupRepoSync(db));
}

function createLookupRepoSync(db: Db): Sync<LookupRepo> {
  return {
    find(provider, key, since) {
      const row = db
        .select()
        .from(vendorLookups)
        .where(
          and(
            eq(vendorLookups.provider, provider),
            eq(vendorLookups.lookupKey, key),
            gte(vendorLookups.createdAt, since),
          ),
        )
        .get();
      return row ? { answer: row.answer, costUsd: row.costUsd, runId: row.runId, createdAt: row.createdAt } : undefined;
    },
    save(provider, key, record) {
      const values = {
        answer: record.answer,
        costUsd: record.costUsd,
        runId: record.runId,
        createdAt: record.createdAt,
      };
      db.insert(vendorLookups)
        .values({ provider, lookupKey: key, ...values })
        .onConflictDoUpdate({ target: [vendorLookups.provider, vendorLookups.lookupKey], set: values })
        .run();
    },
  };
}
