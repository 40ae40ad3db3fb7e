import { getTableName, sql, type Table } from 'drizzle-orm';
import { type PgTable, getTableConfig as pgTableConfig } from 'drizzle-orm/pg-core';
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { AppError } from '../errors.js';
import { openMigratedDatabase } from './client.js';
import { migratePostgres, openPostgres } from './pg/client.js';
import * as pgSchema from './pg/schema.js';
import * as sqliteSchema from './schema.js';

/** Runtime state of the processes on a database, not data: the new database starts without it. */
const NOT_COPIED = new Set(['jobs', 'leases', 'instances']);
const BATCH = 500;

export interface CopyReport {
  /** Rows per table, in the order copied; `source` and `target` agree for every table (or copy throws). */
  tables: { table: string; source: number; target: number }[];
  skipped: string[];
  rows: number;
}

const isTable = (value: unknown): value is Table =>
  typeof value === 'object' && value !== null && Symbol.for('drizzle:IsDrizzleTable') in value;

/** SQLite tables ordered so that every table comes after the tables its foreign keys point to. */
function inDependencyOrder(tables: SQLiteTable[]): SQLiteTable[] {
  const byName = new Map(tables.map((t) => [getTableName(t), t]));
  const done = new Set<string>();
  const ordered: SQLiteTable[] = [];
  const visit = (table: SQLiteTable, path: Set<string>) => {
    const name = getTableName(table);
    if (done.has(name) || path.has(name)) return;
    path.add(name);
    for (const fk of getTableConfig(table).foreignKeys) {
      const parent = byName.get(getTableName(fk.reference().foreignTable));
      if (parent && parent !== table) visit(parent, path);
    }
    done.add(name);
    ordered.push(table);
  };
  for (const table of tables) visit(table, new Set());
  return ordered;
}

/**
 * Copies leadbot's SQLite database at `sqlitePath` into the PostgreSQL database at `url` (migrated first), table by
 * table, ids kept and sequences moved past them, then checks that every table holds as many rows on both sides.
 * The target must hold no leadbot data yet. Jobs, leases and instances are runtime state and are not copied (work
 * the old process had queued is picked up again at the first start: approved leads without contacts, approved
 * drafts without a sequence).
 * @throws AppError('conflict') when the target already has data; ('db_failed') when counts disagree.
 */
export async function copySqliteToPostgres(sqlitePath: string, url: string): Promise<CopyReport> {
  const source = openMigratedDatabase(sqlitePath);
  const target = await openPostgres(url, { max: 2 });
  try {
    await migratePostgres(target);
    const pgTables = new Map<string, Table>(
      Object.values(pgSchema)
        .filter(isTable)
        .map((t) => [getTableName(t), t]),
    );
    const all = Object.values(sqliteSchema).filter(isTable) as SQLiteTable[];
    const tables = inDependencyOrder(all.filter((t) => !NOT_COPIED.has(getTableName(t))));
    const countPg = async (name: string) =>
      Number(
        ((await target.pool.query(`select count(*)::int as n from "${name}"`)).rows[0] as { n: number } | undefined)
          ?.n ?? 0,
      );
    const occupied: string[] = [];
    for (const table of tables) if ((await countPg(getTableName(table))) > 0) occupied.push(getTableName(table));
    if (occupied.length > 0)
      throw new AppError(
        'conflict',
        `The target database already has leadbot data (${occupied.join(', ')}); copy into an empty database`,
      );
    const report: CopyReport = { tables: [], skipped: [...NOT_COPIED], rows: 0 };
    await target.db.transaction(async (tx) => {
      for (const table of tables) {
        const name = getTableName(table);
        const twin = pgTables.get(name);
        if (!twin) throw new AppError('db_failed', `Table ${name} has no PostgreSQL twin; run npm run db:generate`);
        const rows = source.db.select().from(table).all() as Record<string, unknown>[];
        for (let i = 0; i < rows.length; i += BATCH)
          await tx.insert(twin as typeof pgSchema.companies).values(rows.slice(i, i + BATCH) as never);
        const serial = pgTableConfig(twin as PgTable).columns.some(
          (c) => c.name === 'id' && c.columnType === 'PgSerial',
        );
        if (serial && rows.length > 0)
          await tx.execute(
            sql.raw(`select setval(pg_get_serial_sequence('"${name}"', 'id'), (select max(id) from "${name}"))`),
          );
        report.tables.push({ table: name, source: rows.length, target: 0 });
      }
    });
    for (const entry of report.tables) {
      entry.target = await countPg(entry.table);
      report.rows += entry.target;
    }
    const off = report.tables.filter((t) => t.source !== t.target);
    if (off.length > 0)
      throw new AppError(
        'db_failed',
        `Counts disagree after the copy: ${off.map((t) => `${t.table} ${t.source} → ${t.target}`).join(', ')}`,
      );
    return report;
  } finally {
    source.close();
    await target.close();
  }
}
