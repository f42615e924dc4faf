import { localCommand } from '../../cli/commands/local';
import type { CommandIo } from '../../cli/command';
import { UsageError } from '../../cli/lib/args';
import { percentile } from '../../cli/lib/local/load-test';
import { parseLocalArgs } from '../../cli/lib/local/local-options';
import { formatSummary } from '../../cli/lib/local/step-results';

function captureIo(): CommandIo & { text: () => string } {
  let text = '';
  return { out: (t) => (text += t), err: (t) => (text += t), env: {}, cwd: process.cwd(), isTty: false, text: () => text };
}

describe('mlpipe local options', () => {
  test('defaults to the full run', () => {
    expect(parseLocalArgs([])).toEqual({ docker: false, workDir: undefined, keep: false, epochs: 30, rows: 30_000, checkpointEvery: 3, loadSeconds: 5, connections: 32, synth: true });
  });

  test('reads every flag', () => {
    expect(parseLocalArgs(['--docker', '--skip-synth', '--work-dir', 'w', '--keep', '--epochs', '12', '--rows', '6000', '--checkpoint-every', '2', '--load-seconds', '1', '--connections', '8'])).toEqual({
      docker: true, workDir: 'w', keep: true, epochs: 12, rows: 6000, checkpointEvery: 2, loadSeconds: 1, connections: 8, synth: false,
    });
  });

  test('fails when --rows is too small for the spot drill, saying why', () => {
    expect(() => parseLocalArgs(['--rows', '100'])).toThrow(new UsageError('--rows 100: give a whole number from 5000 to 2000000 (the spot drill needs enough rows that training outlasts the interruption)'));
  });

  test('fails when checkpoints leave no epochs to interrupt', () => {
    expect(() => parseLocalArgs(['--epochs', '10', '--checkpoint-every', '6'])).toThrow(/--checkpoint-every 6 with --epochs 10: .* use --checkpoint-every 3 or fewer/);
  });

  test('fails when a flag is unknown', () => {
    expect(() => parseLocalArgs(['--fast'])).toThrow(UsageError);
  });

  test('fails with exit 2 and the reason when the command line is wrong', async () => {
    const io = captureIo();
    expect(await localCommand.run(['--epochs', 'many'], io)).toBe(2);
    expect(io.text()).toContain('mlpipe local: --epochs many: give a whole number from 2 to 10000 (training epochs)');
  });
});

describe('mlpipe local summary', () => {
  test('prints one row per step and the verdict', () => {
    const text = formatSummary([
      { name: 'train', status: 'passed', seconds: 2.04, detail: 'validation:accuracy=0.9667' },
      { name: 'synthesize', status: 'failed', seconds: 10, detail: 'cdk synth exited with 1' },
      { name: 'report', status: 'skipped', seconds: 0, detail: 'needs a synthesized app' },
    ]);
    expect(text.split('\n')).toEqual([
      'step        result      time  detail',
      '------------------------------------',
      'train       ok         2.0 s  validation:accuracy=0.9667',
      'synthesize  FAILED    10.0 s  cdk synth exited with 1',
      'report      skipped    0.0 s  needs a synthesized app',
      '',
      'local mode FAILED: 1 step failed',
      '',
    ]);
  });

  test('takes nearest-rank percentiles', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 0.5), percentile(sorted, 0.99), percentile(new Float64Array(0), 0.5)]).toEqual([50, 99, 0]);
  });
});
