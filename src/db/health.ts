import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_DIR, openMigratedDatabase } from './client.js';

/** What `doctor` says about the database: migrations applied and tables present. */
export interface DatabaseHealth {
  ok: boolean;
  detail: string;
}

/** Opens (and migrates) the database at `path` and counts what is there; never throws. */
export function databaseHealth(path: string): DatabaseHealth {
  try {
    const handle = openMigratedDatabase(path);
    try {
      const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as {
        entries: unknown[];
      };
      const count = (sql: string) => (handle.sqlite.prepare(sql).get() as { n: number }).n;
      const applied = count('select count(*) as n from __drizzle_migrations');
      const tables = count(
        "select count(*) as n from sqlite_master where type='table' and name not like '\\_\\_%' escape '\\' and name not like 'sqlite_%'",
      );
      return {
        ok: applied >= journal.entries.length,
        detail: `${path}: ${applied}/${journal.entries.length} migrations, ${tables} tables`,
      };
    } finally {
      handle.close();
    }
  } catch (err) {
    return { ok: false, detail: (err as Error).message };
  }
}
