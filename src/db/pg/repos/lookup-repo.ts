import { and, eq, gte } from 'drizzle-orm';
import type { LookupRepo } from '../../../pipeline/costs/ports.js';
import type { PgDb } from '../client.js';
import { vendorLookups } from '../schema.js';

/** Paid lookups already bought, in `vendor_lookups` (the latest answer per provider and key), in PostgreSQL. */
export function createLookupRepo(db: PgDb): LookupRepo {
  return {
    async find(provider, key, since) {
      const [row] = await db
        .select({
          answer: vendorLookups.answer,
          costUsd: vendorLookups.costUsd,
          runId: vendorLookups.runId,
          createdAt: vendorLookups.createdAt,
        })
        .from(vendorLookups)
        .where(
          and(
            eq(vendorLookups.provider, provider),
            eq(vendorLookups.lookupKey, key),
            gte(vendorLookups.createdAt, since),
          ),
        )
        .limit(1);
      return row;
    },
    async save(provider, key, record) {
      const values = {
        answer: record.answer,
        costUsd: record.costUsd,
        runId: record.runId,
        createdAt: record.createdAt,
      };
      await db
        .insert(vendorLookups)
        .values({ provider, lookupKey: key, ...values })
        .onConflictDoUpdate({ target: [vendorLookups.provider, vendorLookups.lookupKey], set: values });
    },
  };
}
