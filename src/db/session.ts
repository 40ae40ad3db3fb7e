import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';

/**
 * The asynchronous face of one synchronous better-sqlite3 connection: repository calls run at once, except while
 * another async context holds a write transaction (then they wait for it, so nobody's statement lands inside a
 * transaction that may roll back). Transactions begin immediately (BEGIN IMMEDIATE takes the write lock up front,
 * so "database is locked" surfaces as a wait, not a failed upgrade), nest as savepoints, and run one at a time.
 */
export interface DbSession {
  run<T>(fn: () => T): Promise<T>;
  transaction<T>(fn: () => Promise<T>): Promise<T>;
}

export function createDbSession(sqlite: Database.Database): DbSession {
  const context = new AsyncLocalStorage<object>();
  let owner: object | undefined;
  let released: Promise<void> = Promise.resolve();
  let savepoints = 0;

  const ours = () => owner !== undefined && context.getStore() === owner;

  const now = <T>(fn: () => T): Promise<T> => {
    try {
      return Promise.resolve(fn());
    } catch (err) {
      return Promise.reject(err);
    }
  };

  const run = async <T>(fn: () => T): Promise<T> => {
    while (owner !== undefined && !ours()) await released;
    return fn();
  };

  const nested = async <T>(fn: () => Promise<T>): Promise<T> => {
    const name = `sp_${++savepoints}`;
    sqlite.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      sqlite.exec(`RELEASE ${name}`);
      return result;
    } catch (err) {
      sqlite.exec(`ROLLBACK TO ${name}`);
      sqlite.exec(`RELEASE ${name}`);
      throw err;
    }
  };

  return {
    run: (fn) => (owner === undefined || ours() ? now(fn) : run(fn)),
    async transaction(fn) {
      if (ours()) return nested(fn);
      while (owner !== undefined) await released;
      const me = {};
      owner = me;
      let release = () => {};
      released = new Promise<void>((resolve) => {
        release = resolve;
      });
      try {
        sqlite.exec('BEGIN IMMEDIATE');
        const result = await context.run(me, fn);
        sqlite.exec('COMMIT');
        return result;
      } catch (err) {
        if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
        throw err;
      } finally {
        owner = undefined;
        release();
      }
    },
  };
}

/** A repository port whose methods return promises, as the synchronous shape better-sqlite3 implements. */
export type Sync<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : T[K];
};

/** Turns a synchronous repository into its asynchronous port, every call going through the session. */
export function asyncRepo<T extends object>(session: DbSession, sync: Sync<T>): T {
  const repo: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(sync as Record<string, unknown>))
    repo[key] =
      typeof value === 'function'
        ? (...args: unknown[]) => session.run(() => (value as (...a: unknown[]) => unknown)(...args))
        : value;
  return repo as T;
}
