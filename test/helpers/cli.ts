import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { openWindowDirectives } from './directives.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json<T = unknown>(): T;
}

/** A temp folder with its own database path, for CLI tests that span several commands. */
export function tempEnv(extra: Record<string, string> = {}): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'leadbot-cli-'));
  return {
    DATABASE_PATH: join(dir, 'leadbot.db'),
    OUTBOX_DIR: join(dir, 'outbox'),
    DIRECTIVES_DIR: openWindowDirectives(),
    LLM_PROVIDER: 'none',
    LOG_LEVEL: 'silent',
    ...extra,
  };
}

/** Runs the CLI in-process with captured output. */
export async function cli(args: string[], env: Record<string, string>, stdinText?: string): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const { Readable } = await import('node:stream');
  const code = await runCli(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdin: stdinText === undefined ? undefined : Readable.from([stdinText]),
    env,
    cwd: process.cwd(),
  });
  return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
}
