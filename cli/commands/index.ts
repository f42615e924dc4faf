/* eslint-disable @typescript-eslint/no-require-imports -- each command's module is required only when
   that command runs, so `mlpipe --help` loads no SDK client, CDK or config schema; tsx's CommonJS
   loader turns `require` (not `import()`) into a load of the TypeScript file */
import type { Command } from '../command';
import type * as approve from './approve';
import type * as cost from './cost';
import type * as history from './history';
import type * as local from './local';
import type * as models from './models';
import type * as registry from './registry';
import type * as reject from './reject';
import type * as report from './report';
import type * as smokeTest from './smoke-test';
import type * as status from './status';
import type * as train from './train';
import type * as validate from './validate';
import type * as workspace from './workspace';

/** a command as the command list knows it: its name and summary, and its module, loaded on use. */
export interface CommandEntry {
  /** the word typed after `mlpipe` */
  readonly name: string;
  /** one line for the command list (the same as the loaded command's) */
  readonly summary: string;
  /** loads the command's module (and with it its SDK clients, CDK, renderers) and returns the command */
  readonly load: () => Command;
  /**
   * whether the command calls AWS (then an old Node gets a one-line notice)
   * @default false
   */
  readonly callsAws?: boolean;
}

/** every `mlpipe` command, in the order `mlpipe --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'validate', summary: 'check a pipeline.yaml and list every problem', load: () => (require('./validate') as typeof validate).validateCommand },
  { name: 'status', callsAws: true, summary: 'show each stage, the revision in it and every pending approval', load: () => (require('./status') as typeof status).statusCommand },
  { name: 'approve', callsAws: true, summary: 'approve the pending approval of a stage (e.g. promotion to Prod)', load: () => (require('./approve') as typeof approve).approveCommand },
  { name: 'reject', callsAws: true, summary: 'reject the pending approval of a stage, with a reason', load: () => (require('./reject') as typeof reject).rejectCommand },
  { name: 'history', callsAws: true, summary: 'list recent pipeline executions with trigger, revisions and duration', load: () => (require('./history') as typeof history).historyCommand },
  { name: 'train', callsAws: true, summary: 'train the catalogue\'s models on managed spot unless they exist (pipeline step)', load: () => (require('./train') as typeof train).trainCommand },
  { name: 'registry', callsAws: true, summary: 'mark the model versions of a promotion Approved or Rejected (pipeline step)', load: () => (require('./registry') as typeof registry).registryCommand },
  { name: 'models', summary: 'list the model catalogue: keys, TargetModels and the stages serving each', load: () => (require('./models') as typeof models).modelsCommand },
  {
    name: 'smoke-test',
    callsAws: true,
    summary: 'invoke a stage\'s endpoint with sample payloads and gate on p99 latency (pipeline step)',
    load: () => (require('./smoke-test') as typeof smokeTest).smokeTestCommand,
  },
  { name: 'cost', summary: 'estimate the monthly cost per stage from the config and a dated price table', load: () => (require('./cost') as typeof cost).costCommand },
  { name: 'report', summary: 'write the compliance report (HTML, CSV, JUnit, Markdown) from cdk.out', load: () => (require('./report') as typeof report).reportCommand },
  {
    name: 'local',
    summary: 'train, drill, package, serve, load-test and synthesize locally, with no AWS and no Docker',
    load: () => (require('./local') as typeof local).localCommand,
  },
  {
    name: 'workspace',
    callsAws: true,
    summary: 'print a presigned URL to a data scientist\'s Studio profile or notebook (from inside the network)',
    load: () => (require('./workspace') as typeof workspace).workspaceCommand,
  },
];

/** a loaded command as an entry of the command list (for tests and embedding). */
export function entryOf(command: Command): CommandEntry {
  return { name: command.name, summary: command.summary, load: () => command };
}
