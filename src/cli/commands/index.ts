import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerChat } from './chat.js';
import { registerDb } from './db.js';
import { registerDoctor } from './doctor.js';
import { registerRoute } from './route.js';

/** Every subcommand, in the order `leadbot --help` lists them. */
export const COMMANDS: ((program: Command, ctx: CliContext) => void)[] = [
  registerDoctor,
  registerDb,
  registerRoute,
  registerChat,
];
