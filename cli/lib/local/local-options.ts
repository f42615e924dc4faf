import { parseCommandArgs, UsageError } from '../args';

/** what `mlpipe local` was asked to do. */
export interface LocalOptions {
  /** build and run the real images with Docker instead of running the programs as processes. @default false */
  readonly docker: boolean;
  /** where to put the /opt/ml stand-ins, kept after the run. @default a temporary folder, removed after the run */
  readonly workDir: string | undefined;
  /** keep the temporary folder. @default false */
  readonly keep: boolean;
  /** training epochs. @default 30 */
  readonly epochs: number;
  /** iris-like rows generated for the train channel. @default 30000 */
  readonly rows: number;
  /** epochs between checkpoints. @default 3 */
  readonly checkpointEvery: number;
  /** seconds of load test. @default 5 */
  readonly loadSeconds: number;
  /** load-test connections. @default 32 */
  readonly connections: number;
  /** synthesize every stack with the nag packs and write the compliance report. @default true */
  readonly synth: boolean;
}

function whole(flag: string, raw: string | undefined, fallback: number, min: number, max: number, why: string): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`${flag} ${raw}: give a whole number from ${min} to ${max} (${why})`);
  return value;
}

/** parses `mlpipe local` flags; bad values are a UsageError naming the flag and the fix. */
export function parseLocalArgs(args: string[]): LocalOptions {
  const { values } = parseCommandArgs(
    args,
    {
      docker: { type: 'boolean' },
      'work-dir': { type: 'string' },
      keep: { type: 'boolean' },
      epochs: { type: 'string' },
      rows: { type: 'string' },
      'checkpoint-every': { type: 'string' },
      'load-seconds': { type: 'string' },
      connections: { type: 'string' },
      'skip-synth': { type: 'boolean' },
    },
    0,
  );
  const epochs = whole('--epochs', values.epochs, 30, 2, 10_000, 'training epochs');
  const rows = whole('--rows', values.rows, 30_000, 5_000, 2_000_000, 'the spot drill needs enough rows that training outlasts the interruption');
  const checkpointEvery = whole('--checkpoint-every', values['checkpoint-every'], 3, 1, 10_000, 'epochs between checkpoints');
  if (checkpointEvery * 2 > epochs) {
    throw new UsageError(`--checkpoint-every ${checkpointEvery} with --epochs ${epochs}: the spot drill interrupts after the first checkpoint and needs epochs left after it; use --checkpoint-every ${Math.max(1, Math.floor(epochs / 3))} or fewer`);
  }
  return {
    docker: values.docker ?? false,
    workDir: values['work-dir'],
    keep: values.keep ?? false,
    epochs,
    rows,
    checkpointEvery,
    loadSeconds: whole('--load-seconds', values['load-seconds'], 5, 1, 600, 'seconds of load test'),
    connections: whole('--connections', values.connections, 32, 1, 1024, 'load-test connections'),
    synth: !(values['skip-synth'] ?? false),
  };
}
