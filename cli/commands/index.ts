import type { Command } from '../command';
import { approveCommand } from './approve';
import { costCommand } from './cost';
import { historyCommand } from './history';
import { localCommand } from './local';
import { modelsCommand } from './models';
import { rejectCommand } from './reject';
import { reportCommand } from './report';
import { smokeTestCommand } from './smoke-test';
import { statusCommand } from './status';
import { trainCommand } from './train';
import { validateCommand } from './validate';

/** every `mlpipe` command, in the order `mlpipe --help` lists them. */
export const COMMANDS: readonly Command[] = [
  validateCommand,
  statusCommand,
  approveCommand,
  rejectCommand,
  historyCommand,
  trainCommand,
  modelsCommand,
  smokeTestCommand,
  costCommand,
  reportCommand,
  localCommand,
];
