import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { AppError } from '../errors.js';
import * as schema from './schema.js';
import { createDbSession, type DbSession } from './session.js';

/** The drizzle handle, with the better-sqlite3 connection under it (`$client`) for prepared plain SQL. */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface DbHandle {
  db: Db;
  sqlite: Database.Database;
  /** Repository calls and transactions, asynchronously, over the one synchronous connection. */
  session: DbSession;
  path: string;
  close(): void;
}

const sessions = new WeakMap<Db, DbSession>();
const connections = new WeakMap<Db, Database.Database>();

/** The session of a database opened with `openDatabase` (repositories are built from the drizzle handle). */
export function sessionOf(db: Db): DbSession {
  const session = sessions.get(db);
  if (!session) throw new Error('This database was not opened with openDatabase');
  return session;
}

/** The better-sqlite3 connection behind a database opened with `openDatabase` (for prepared plain-SQL statements). */
export function sqliteOf(db: Db): Database.Database {
  const sqlite = connections.get(db);
  if (!sqlite) throw new Error('This database was not opened with openDatabase');
  return sqlite;
}

/** The committed drizzle-kit output, resolved from this file so it works from src/ and dist/. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Opens (creating when needed) the SQLite database with WAL, foreign keys, a busy timeout
 * and synchronous=FULL, so a send recorded survives a power cut.
 * @throws AppError('db_failed') when the file cannot be opened.
 */
export function openDatabase(path: string): DbHandle {
  let sqlite: Database.Database;
  try {
    if (path !== ':memory:' && !path.startsWith('file:')) mkdirSync(dirname(path), { recursive: true });
    sqlite = new Database(path);
    if (path !== ':memory:') sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = FULL');
  } catch (cause) {
    throw new AppError('db_failed', `Cannot open the database at ${path}: ${(cause as Error).message}`, { cause });
  }
  const db = drizzle(sqlite, { schema });
  const session = createDbSession(sqlite);
  sessions.set(db, session);
  connections.set(db, sqlite);
  let closed = false;
  return {
    db,
    sqlite,
    session,
    path,
    close() {
      if (closed) return;
      closed = true;
      sqlite.close();
    },
  };
}

export interface MigrationReport {
  applied: number;
  total: number;
}

/**
 * Applies pending migrations; running it twice changes nothing.
 * @throws AppError('db_failed') when a migration fails (the failing migration is rolled back).
 */
export function migrateDatabase(handle: DbHandle, migrationsFolder = MIGRATIONS_DIR): MigrationReport {
  const before = countApplied(handle);
  try {
    migrate(handle.db, { migrationsFolder });
  } catch (cause) {
    throw new AppError('db_failed', `Database migration failed: ${(cause as Error).message}`, { cause });
  }
  const after = countApplied(handle);
  return { applied: after - before, total: after };
}

/** Opens and migrates in one step; what main, the CLI and tests use. */
export function openMigratedDatabase(path: string): DbHandle {
  const handle = openDatabase(path);
  try {
    migrateDatabase(handle);
  } catch (err) {
    handle.close();
    throw err;
  }
  return handle;
}

function countApplied(handle: DbHandle): number {
  const exists = handle.sqlite
    .prepare("select count(*) as n from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
    .get() as { n: number };
  if (exists.n === 0) return 0;
  return (handle.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n;
}
