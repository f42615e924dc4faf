import type { Command } from '../command';
import { validateCommand } from './validate';

/** every `mlpipe` command, in the order `mlpipe --help` lists them. */
export const COMMANDS: readonly Command[] = [
  validateCommand,
];
