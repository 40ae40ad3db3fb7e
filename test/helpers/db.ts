import { type DbHandle, openMigratedDatabase } from '../../src/db/client.js';
import { openPostgresStorage } from '../../src/db/pg/storage.js';
import { openSqliteStorage, type Storage } from '../../src/db/storage.js';

/** A fresh in-memory database migrated with the real migrations. */
export function memoryDb(): DbHandle {
  return openMigratedDatabase(':memory:');
}

/** A clock that starts at `start` and moves only when told. */
export function fixedClock(start = '2026-11-25T09:00:00.000Z') {
  let t = new Date(start).getTime();
  const now = () => new Date(t);
  return Object.assign(now, {
    advance(ms: number) {
      t += ms;
    },
    set(iso: string) {
      t = new Date(iso).getTime();
    },
  });
}

let schemas = 0;

/**
 * What a test adds to its environment to run on PostgreSQL: with TEST_DATABASE=postgres and TEST_POSTGRES_URL set
 * (`.ci/run` sets both for the PostgreSQL pass), a DATABASE_URL on a fresh schema; otherwise nothing (SQLite).
 */
export function testDatabaseEnv(): Record<string, string> {
  const url = process.env.TEST_POSTGRES_URL;
  if (process.env.TEST_DATABASE !== 'postgres' || !url) return {};
  const schema = `t${process.pid}_${Date.now().toString(36)}_${++schemas}`;
  return { DATABASE_URL: `${url}${url.includes('?') ? '&' : '?'}schema=${schema}` };
}

/** True when this run's tests use PostgreSQL. */
export const onPostgres = () => Object.keys(testDatabaseEnv()).length > 0;

/**
 * A fresh, migrated database with every repository: SQLite in memory, or a new PostgreSQL schema on the PostgreSQL
 * pass (TEST_DATABASE=postgres). Close it when done.
 */
export async function openTestStorage(): Promise<Storage> {
  const url = testDatabaseEnv().DATABASE_URL;
  return url ? openPostgresStorage(url) : openSqliteStorage(':memory:');
}
