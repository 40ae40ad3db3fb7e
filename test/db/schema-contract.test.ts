import { getTableConfig as pgTableConfig } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pg from '../../src/db/pg/schema.js';
import * as sqlite from '../../src/db/schema.js';

/** Table name → its columns (name, not-null, primary key), indexes and foreign keys, dialect aside. */
function shape(
  configs: {
    name: string;
    columns: { name: string; notNull: boolean; primary: boolean }[];
    indexes: { config: { name: string; unique: boolean } }[];
    foreignKeys: unknown[];
  }[],
) {
  return Object.fromEntries(
    configs.map((t) => [
      t.name,
      {
        columns: t.columns.map((c) => `${c.name}${c.notNull ? ' not null' : ''}${c.primary ? ' pk' : ''}`).sort(),
        indexes: t.indexes.map((i) => `${i.config.name}${i.config.unique ? ' unique' : ''}`).sort(),
        foreignKeys: t.foreignKeys.length,
      },
    ]),
  );
}

describe('the SQLite and PostgreSQL schemas', () => {
  it('have the same tables, columns, indexes and foreign keys (scripts/pg-schema.py writes the twin)', () => {
    const sqliteTables = Object.values(sqlite).flatMap((v) => {
      try {
        return [sqliteTableConfig(v as never)];
      } catch {
        return [];
      }
    });
    const pgTables = Object.values(pg).flatMap((v) => {
      try {
        return [pgTableConfig(v as never)];
      } catch {
        return [];
      }
    });
    expect(sqliteTables.length).toBeGreaterThan(15);
    expect(shape(pgTables as never)).toEqual(shape(sqliteTables as never));
  });
});
