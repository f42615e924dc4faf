import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../../cli/exit-codes';
import { DEFAULT_STOP_WAIT_SECONDS, MAX_STOP_WAIT_SECONDS } from '../../cli/lib/training/stop-jobs';
import { jobsForKeyQuery } from '../../cli/lib/training/model-key-jobs';

/** docs/training-recovery.md says what the step sends and how it exits; these are the facts it cites. */
const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'training-recovery.md'), 'utf8');

describe('docs/training-recovery.md', () => {
  test('shows the exact tag query the step sends', () => {
    const block = /## Attach[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    expect(JSON.parse(block as string)).toEqual(jobsForKeyQuery('models/<identity>/model.tar.gz'));
  });

  test('names the stop exit code and the stop wait the command uses', () => {
    expect(doc).toContain(`| **${ExitCode.TRAINING_INTERRUPTED}** | the step itself was stopped`);
    expect(doc).toContain(`for at most \`--stop-wait\` seconds (default **${DEFAULT_STOP_WAIT_SECONDS}**, at most ${MAX_STOP_WAIT_SECONDS})`);
  });
});
