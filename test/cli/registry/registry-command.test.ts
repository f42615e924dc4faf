import { registryCommand } from '../../../cli/commands/registry';
import { ExitCode } from '../../../cli/exit-codes';
import { parseModelVersions } from '../../../cli/lib/registry/registered-version';
import { runCommand } from '../release/fixtures';

const ARN = 'arn:aws:sagemaker:eu-west-1:111111111111:model-package/mlops-iris-softmax/3';

describe('mlpipe registry', () => {
  test('reads MODEL_VERSIONS back into model, group, version and ARN', () => {
    expect(parseModelVersions(`iris-softmax=${ARN},iris-softmax-l2=${ARN.replace('iris-softmax/3', 'iris-softmax-l2/1')}`)).toEqual([
      { model: 'iris-softmax', arn: ARN, group: 'mlops-iris-softmax', version: 3 },
      { model: 'iris-softmax-l2', arn: ARN.replace('iris-softmax/3', 'iris-softmax-l2/1'), group: 'mlops-iris-softmax-l2', version: 1 },
    ]);
  });

  test('fails when no versions are given (exit 30), before any AWS call', async () => {
    const result = await runCommand(registryCommand, ['approve'], { env: {} });
    expect(result).toMatchObject({ code: ExitCode.STEP_ENVIRONMENT, stdout: '' });
    expect(result.stderr).toBe("mlpipe registry: no versions: set MODEL_VERSIONS (the Train step's exported variable) or pass --versions model=<version ARN>,...\n");
  });

  test('fails when MODEL_VERSIONS is not a list of model=<version ARN> (exit 30)', async () => {
    const result = await runCommand(registryCommand, ['reject', '--json'], { env: { MODEL_VERSIONS: 'iris-softmax=3' } });
    expect(result.code).toBe(ExitCode.STEP_ENVIRONMENT);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'StepEnvironment', message: expect.stringContaining('MODEL_VERSIONS entry "iris-softmax=3" is not <model>=<model package version ARN>') });
  });

  test('fails when the action is neither approve nor reject (exit 2)', async () => {
    const result = await runCommand(registryCommand, ['delete'], { env: {} });
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toContain("mlpipe registry: expected approve or reject, got 'delete'");
  });
});
