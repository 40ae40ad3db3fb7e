import { AsyncLocalStorage } from 'node:async_hooks';
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { AppError } from '../../errors.js';
import type { DbSession } from '../session.js';
import * as schema from './schema.js';

export type PgDb = NodePgDatabase<typeof schema>;

/** The committed drizzle-kit output for PostgreSQL, resolved from this file so it works from src/ and dist/. */
const PG_MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations-pg', import.meta.url));

export interface PgHandle {
  /** The database for a repository call: inside a transaction, that transaction's connection. */
  db: PgDb;
  pool: pg.Pool;
  session: DbSession;
  /** The schema the tables live in (search_path), `public` unless the URL says otherwise. */
  schema: string;
  url: string;
  close(): Promise<void>;
}

/** The schema from `?schema=name` (tests give each run its own), default `public`. */
function schemaOf(url: URL): string {
  const name = url.searchParams.get('schema') ?? 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/i.test(name))
    throw new AppError('invalid_config', `DATABASE_URL schema "${name}" must be letters, digits and underscores`);
  return name;
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/**
 * Connects to PostgreSQL (a pool of `max` connections), with every repository call through one session:
 * transactions run on their own connection and repository calls inside them use it (AsyncLocalStorage), nested
 * transactions are savepoints.
 * @throws AppError('db_failed') when the server cannot be reached or refuses the credentials.
 */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<PgHandle> {
  const parsed = new URL(url);
  const schemaName = schemaOf(parsed);
  parsed.searchParams.delete('schema');
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    max: options.max ?? 10,
    options: `-c search_path=${schemaName}`,
    connectionTimeoutMillis: 10_000,
  });
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      await client.query(`create schema if not exists "${schemaName}"`);
    } finally {
      client.release();
    }
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw new AppError('db_failed', `Cannot connect to PostgreSQL at ${redact(url)}: ${(cause as Error).message}`, {
      cause,
    });
  }
  const root = drizzle(pool, { schema });
  const current = new AsyncLocalStorage<PgDb>();
  const db = new Proxy(root, {
    get(target, prop, receiver) {
      const active = current.getStore() ?? target;
      const value = Reflect.get(active, prop, receiver === db ? active : receiver);
      return typeof value === 'function' ? value.bind(active) : value;
    },
  }) as PgDb;
  const session: DbSession = {
    run: async (fn) => fn(),
    async transaction(fn) {
      const outer = current.getStore();
      if (outer) return outer.transaction((tx) => current.run(tx as unknown as PgDb, fn));
      return root.transaction((tx) => current.run(tx as unknown as PgDb, fn));
    },
  };
  let closed = false;
  return {
    db,
    pool,
    session,
    schema: schemaName,
    url,
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/**
 * Applies pending migrations under an advisory lock, so several instances starting at once migrate once.
 * @throws AppError('db_failed') when a migration fails.
 */
export async function migratePostgres(handle: PgHandle): Promise<{ applied: number; total: number }> {
  const client = await handle.pool.connect();
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', [`leadbot-migrate:${handle.schema}`]);
    const count = async () =>
      Number(
        (
          await client.query(
            `select count(*)::int as n from information_schema.tables where table_schema = $1 and table_name = '__drizzle_migrations'`,
            [handle.schema],
          )
        ).rows[0]?.n ?? 0,
      ) === 0
        ? 0
        : Number(
            (await client.query(`select count(*)::int as n from "${handle.schema}".__drizzle_migrations`)).rows[0]?.n,
          );
    const before = await count();
    await migrate(drizzle(client), { migrationsFolder: PG_MIGRATIONS_DIR, migrationsSchema: handle.schema });
    const after = await count();
    return { applied: after - before, total: after };
  } catch (cause) {
    throw new AppError('db_failed', `PostgreSQL migration failed: ${(cause as Error).message}`, { cause });
  } finally {
    await client
      .query('select pg_advisory_unlock(hashtext($1))', [`leadbot-migrate:${handle.schema}`])
      .catch(() => undefined);
    client.release();
  }
}
