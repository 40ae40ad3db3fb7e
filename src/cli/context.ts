import { userInfo } from 'node:os';
import type { CliActor } from '../app/actor.js';
import { type Config, ConfigError, loadConfig, readEnvironment } from '../config.js';
import { AppError } from '../errors.js';
import { createLogger, type Logger } from '../logger.js';
import { buildLeadbot, type Leadbot } from '../main.js';

/** Thrown to end the CLI with a specific exit code after printing `lines` to stderr. */
export class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    readonly lines: string[] = [],
  ) {
    super(lines.join('\n') || `exit ${exitCode}`);
  }
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stderr is a terminal: progress rewrites one line instead of printing a line now and then. */
  stderrIsTTY?: boolean;
  stdin?: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** What every command gets: output helpers and the use cases, built lazily. */
export interface CliContext {
  io: CliIo;
  print(text: string): void;
  printJson(value: unknown): void;
  /** Parses the configuration; exits 2 listing every problem. */
  config(): Config;
  /** Builds leadbot (opens and migrates the DB) once per invocation: use cases, conversations, the model. */
  leadbot(): Promise<Leadbot>;
  /** The operator at this terminal: `cli:<os user>`, an approver (shell access is database access). */
  actor(): CliActor;
  logger(): Logger;
  close(): Promise<void>;
}

export function createCliContext(io: CliIo): CliContext {
  let config: Config | undefined;
  let app: Promise<Leadbot> | undefined;
  let logger: Logger | undefined;
  const ctx: CliContext = {
    io,
    print: (text) => io.stdout(text.endsWith('\n') ? text : `${text}\n`),
    printJson: (value) => io.stdout(`${JSON.stringify(value, null, 2)}\n`),
    config() {
      if (!config) {
        try {
          const env = io.env === process.env ? readEnvironment(io.cwd, process.env) : readEnvironment(io.cwd, io.env);
          config = loadConfig(env);
        } catch (err) {
          if (err instanceof ConfigError)
            throw new CliExit(2, ['leadbot: invalid configuration', ...err.problems.map((p) => `  ${p}`)]);
          throw err;
        }
      }
      return config;
    },
    logger() {
      if (!logger) {
        // The CLI keeps stdout for data: logs go to stderr and only when asked for.
        const level = ctx.config().logLevel === 'info' ? 'warn' : ctx.config().logLevel;
        logger = createLogger({ level, destination: process.stderr });
      }
      return logger;
    },
    async leadbot() {
      // A decision made here is followed through (enrichment, a send) before the command returns.
      app ??= buildLeadbot(ctx.config(), ctx.logger(), {
        trigger: 'cli',
        role: 'cli',
        flow: { enrichDelayMs: 0, workOnDemand: true },
      });
      return app;
    },
    actor: () => cliActor(io.env),
    async close() {
      if (app) await (await app).close();
      app = undefined;
    },
  };
  return ctx;
}

/** Turns anything thrown by a command into an exit code and a one-line message. */
export function exitFor(err: unknown): CliExit {
  if (err instanceof CliExit) return err;
  if (err instanceof AppError) {
    const code = err.code === 'invalid_config' ? 2 : 1;
    return new CliExit(code, [`leadbot: ${err.message}`]);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new CliExit(1, [`leadbot: unexpected error: ${message}`]);
}

/** The operator at the terminal, recorded as `cli:<os user>` ($USER, else the account name). */
export function cliActor(env: Record<string, string | undefined>): CliActor {
  let name = env.USER ?? env.USERNAME;
  if (!name) {
    try {
      name = userInfo().username;
    } catch {
      name = 'operator';
    }
  }
  return { kind: 'cli', id: `cli:${name}`, name };
}
