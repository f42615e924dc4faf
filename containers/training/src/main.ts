import { runTraining } from './train-job';
import { FAILURE_REASON_LIMIT, writeFailure } from './failure';
import { DEFAULT_SM_ROOT, trainingPaths } from './sagemaker-paths';
import { StopSignal } from './stop-signal';

/** exit codes of the training program; SageMaker marks the job Failed on anything but 0. */
export const TrainingExit = {
  COMPLETED: 0,
  FAILED: 1,
  USAGE: 2,
  /** stopped by SIGTERM after writing a checkpoint (128 + 15, as a shell reports it) */
  STOPPED: 143,
} as const;

const USAGE = 'usage: train\n  SageMaker runs the image as `docker run <image> train`.\n  SM_ROOT: folder standing in for /opt/ml (default /opt/ml)\n';

/**
 * the training program: `train` runs the SageMaker training contract under SM_ROOT (default
 * /opt/ml). Resolves to the exit code; on failure the reason is also in <root>/output/failure.
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, write: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  if (argv[0] !== 'train' || argv.length > 1) {
    write(`${argv.length === 0 ? 'missing the train argument' : `unexpected arguments: ${argv.join(' ')}`}\n${USAGE}`);
    return TrainingExit.USAGE;
  }
  const root = env.SM_ROOT && env.SM_ROOT !== '' ? env.SM_ROOT : DEFAULT_SM_ROOT;
  const log = (line: string) => write(`${line}\n`);
  const stop = new StopSignal();
  const uninstall = stop.install((signal) => log(`stop: ${signal} received; finishing or abandoning the current epoch, then writing a checkpoint`));
  try {
    const outcome = await runTraining({ root, log, stop });
    if (outcome.kind === 'stopped') {
      log(`stop: exiting after epoch ${outcome.epochsDone}; restart the job to resume from ${outcome.checkpoint ?? 'the start (no checkpoint yet)'}`);
      return TrainingExit.STOPPED;
    }
    log(`done: trained ${outcome.epochs} epochs`);
    return TrainingExit.COMPLETED;
  } catch (error) {
    const message = (error as Error).message || String(error);
    log(`failed: ${message}`);
    if (!(error instanceof Error) || error.name === 'Error' || error.name === 'TypeError' || error.name === 'RangeError') {
      log((error as Error).stack ?? '');
    }
    await writeFailure(trainingPaths(root).failureFile, message.slice(0, FAILURE_REASON_LIMIT * 4));
    return TrainingExit.FAILED;
  } finally {
    uninstall();
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then((code) => process.exit(code));
}
