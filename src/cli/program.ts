import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { COMMANDS } from './commands/index.js';
import { CliExit, type CliIo, createCliContext, exitFor } from './context.js';

/** Builds the `leadbot` command line over the given IO. */
function createProgram(io: CliIo): { program: Command; close: () => Promise<void> } {
  const ctx = createCliContext(io);
  const program = new Command('leadbot')
    .description('leadbot: B2B prospecting with a human approving every irreversible step')
    .version(VERSION)
    .showHelpAfterError('(run leadbot --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const register of COMMANDS) register(program, ctx);
  return { program, close: () => ctx.close() };
}

/** Runs the CLI and returns the exit code; never calls process.exit itself. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const { program, close } = createProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version end with exitCode 0; usage errors were already printed by commander.
      return err.exitCode === 0 ? 0 : 2;
    }
    const exit = exitFor(err);
    for (const line of exit.lines) io.stderr(`${line}\n`);
    return exit.exitCode;
  } finally {
    await close();
  }
}

export { CliExit };
