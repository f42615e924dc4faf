import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { stringify } from 'yaml';
import type { CommandIo } from '../../../cli/command';
import { modelsCommand } from '../../../cli/commands/models';
import { ExitCode } from '../../../cli/exit-codes';
import { catalogueEntries } from '../../../config/model-definition';
import { TrainStage } from '../../../stages/train-stage';
import { baseDocument, testConfig } from '../../helpers/test-config';

function io(cwd: string, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CommandIo = { out: (t) => out.push(t), err: (t) => err.push(t), env, cwd, isTty: false };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

const HASH = 'd'.repeat(64);
const IMAGE_URI = `111111111111.dkr.ecr.eu-west-1.amazonaws.com/cdk-hnb659fds-container-assets-111111111111-eu-west-1:${HASH}`;
const document = {
  ...baseDocument(),
  models: { 'iris-softmax': {}, 'iris-softmax-l2': { hyperparameters: { l2: '0.01' } } },
  stages: [
    { name: 'Staging', account: '222222222222', regions: ['eu-west-1'], endpoint: { model: 'iris-softmax-l2' } },
    { name: 'Prod', account: '333333333333', regions: ['eu-west-1'], endpoint: { kind: 'multiModel' } },
  ],
};
const dir = mkdtempSync(join(tmpdir(), 'mlpipe-models-'));
writeFileSync(join(dir, 'pipeline.yaml'), stringify(document));
const entries = catalogueEntries(testConfig({}, document), HASH);

describe('mlpipe models', () => {
  test('prints a multi-model stage\'s name -> TargetModel map and where the stack publishes it', async () => {
    const run = io(dir);
    await expect(modelsCommand.run(['--stage', 'Prod', '--image-uri', IMAGE_URI], run.io)).resolves.toBe(ExitCode.OK);
    expect(JSON.parse(run.out())).toEqual({
      stage: 'Prod',
      endpoint: 'tst-prod',
      kind: 'multiModel',
      parameter: '/tst-prod/target-models',
      targetModels: { 'iris-softmax': entries[0].targetModel, 'iris-softmax-l2': entries[1].targetModel },
    });
  });

  test('prints the one model of an instance stage', async () => {
    const run = io(dir, { TRAINING_IMAGE_URI: IMAGE_URI });
    await expect(modelsCommand.run(['--stage', 'Staging'], run.io)).resolves.toBe(ExitCode.OK);
    expect(JSON.parse(run.out())).toMatchObject({ kind: 'instance', model: { name: 'iris-softmax-l2', key: entries[1].key } });
  });

  test('lists the catalogue with the keys synth computes from the training image it builds', async () => {
    const run = io(dir);
    await expect(modelsCommand.run([], run.io)).resolves.toBe(ExitCode.OK);
    const train = new TrainStage(new App(), 'Train', { config: testConfig({}, document) });
    const synthKeys = JSON.parse(Template.fromStack(train.training).findOutputs('ModelKeys').ModelKeys.Value as string) as Record<string, string>;
    const lines = run.out().split('\n');
    expect(lines[0]).toMatch(/^MODEL +KEY +TARGET MODEL \(multi-model\) +SERVED BY$/);
    expect(lines[1]).toMatch(new RegExp(`^iris-softmax +${synthKeys['iris-softmax']} +\\S+ +Prod$`));
    expect(lines[2]).toMatch(new RegExp(`^iris-softmax-l2 +${synthKeys['iris-softmax-l2']} +\\S+ +Staging, Prod$`));
    expect(run.out()).toContain('aws sagemaker-runtime invoke-endpoint --endpoint-name tst-prod --target-model');
  });

  test('fails when the stage is not in the config, listing the stages', async () => {
    const run = io(dir);
    await expect(modelsCommand.run(['--stage', 'Dev', '--image-uri', IMAGE_URI], run.io)).resolves.toBe(ExitCode.CONFIG);
    expect(run.err()).toContain("stage 'Dev' is not in the config (stages: Staging, Prod)");
  });

  test('fails when the image URI has no asset hash tag', async () => {
    const run = io(dir);
    await expect(modelsCommand.run(['--image-uri', 'repo:latest'], run.io)).resolves.toBe(ExitCode.USAGE);
    expect(run.err()).toContain("pass the Train stage's TrainingImageUri output to --image-uri");
  });
});
