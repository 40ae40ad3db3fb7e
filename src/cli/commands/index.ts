import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerDb } from './db.js';
import { registerDoctor } from './doctor.js';
import { registerRunStage } from './run-stage.js';

/** Every subcommand, in the order `leadbot --help` lists them. */
export const COMMANDS: ((program: Command, ctx: CliContext) => void)[] = [registerDoctor, registerDb, registerRunStage];
