import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openWindowDirectives } from './directives.js';

export interface LeadbotProcess {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  output(): string;
  /** SIGKILL: no shutdown code runs, as when the machine loses power or the OOM killer strikes. */
  kill(): Promise<void>;
  /** SIGINT (Ctrl-C): a clean stop; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `src/main.ts` as `npm start` does, with only the given environment (and PATH). */
export function startLeadbot(env: Record<string, string>): LeadbotProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => out,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    stop() {
      child.kill('SIGINT');
      return exited;
    },
  };
}

/**
 * Polls the database file read-only (as an operator would with sqlite3) until `check` returns a value, while the
 * process keeps running. Throws with the process output when it takes longer than `timeoutMs` or the process exits.
 */
export async function waitForDb<T>(
  path: string,
  check: (db: Database.Database) => T | undefined | false,
  leadbot: LeadbotProcess,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void leadbot.exited.then(() => {
    exited = true;
  });
  for (;;) {
    let value: T | undefined | false;
    try {
      const db = new Database(path, { readonly: true, fileMustExist: true });
      try {
        value = check(db);
      } finally {
        db.close();
      }
    } catch {
      value = undefined; // not created or not migrated yet
    }
    if (value !== undefined && value !== false) return value;
    if (exited || Date.now() > deadline)
      throw new Error(`${exited ? 'leadbot exited' : 'timed out'} while waiting:\n${leadbot.output()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Rows of a read-only query on the database file (after the process stopped). */
export function query<T>(path: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** A temp folder with its own database and outbox, for leadbot processes started one after another. */
export function tempLeadbotEnv(extra: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'leadbot-resume-'));
  const env = {
    DATABASE_PATH: join(dir, 'leadbot.db'),
    OUTBOX_DIR: join(dir, 'outbox'),
    DIRECTIVES_DIR: openWindowDirectives(),
    PORT: '0',
    LLM_PROVIDER: 'none',
    LOG_LEVEL: 'warn',
    // No scheduled outreach pass during the test: the passes counted are the ones a restart makes.
    OUTREACH_CRON: '0 3 1 1 *',
    ...extra,
  };
  return { dir, env, db: env.DATABASE_PATH };
}
