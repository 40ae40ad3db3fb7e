import type { LookupRepo } from '../../pipeline/costs/ports.js';
import { type Db, sessionOf, sqliteOf } from '../client.js';
import { asyncRepo, type Sync } from '../session.js';

/** Paid lookups already bought, in `vendor_lookups` (the latest answer per provider and key; prepared plain SQL). */
export function createLookupRepo(db: Db): LookupRepo {
  return asyncRepo<LookupRepo>(sessionOf(db), createLookupRepoSync(db));
}

function createLookupRepoSync(db: Db): Sync<LookupRepo> {
  const sqlite = sqliteOf(db);
  const find = sqlite.prepare(`
    select answer, cost_usd as costUsd, run_id as runId, created_at as createdAt from vendor_lookups
    where provider = ? and lookup_key = ? and created_at >= ?`);
  const save = sqlite.prepare(`
    insert into vendor_lookups (provider, lookup_key, answer, cost_usd, run_id, created_at)
    values (@provider, @key, @answer, @costUsd, @runId, @createdAt)
    on conflict (provider, lookup_key) do update set answer = excluded.answer, cost_usd = excluded.cost_usd,
      run_id = excluded.run_id, created_at = excluded.created_at`);
  return {
    find(provider, key, since) {
      const row = find.get(provider, key, since.getTime()) as
        | { answer: string; costUsd: number; runId: string | null; createdAt: number }
        | undefined;
      if (!row) return undefined;
      return {
        answer: JSON.parse(row.answer),
        costUsd: row.costUsd,
        runId: row.runId,
        createdAt: new Date(row.createdAt),
      };
    },
    save(provider, key, record) {
      save.run({
        provider,
        key,
        answer: JSON.stringify(record.answer),
        costUsd: record.costUsd,
        runId: record.runId,
        createdAt: record.createdAt.getTime(),
      });
    },
  };
}
