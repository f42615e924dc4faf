import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { CommandIo } from '../../../cli/command';
import { ExitCode } from '../../../cli/exit-codes';
import { trainCommand } from '../../../cli/commands/train';
import { readTrainingTarget, StepEnvironmentError } from '../../../cli/lib/training/step-environment';
import { baseDocument } from '../../helpers/test-config';
import { stepEnv } from './fixtures';

function io(env: NodeJS.ProcessEnv, cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CommandIo = { out: (t) => out.push(t), err: (t) => err.push(t), env, cwd, isTty: false };
  return { io: value, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'mlpipe-train-'));
writeFileSync(join(dir, 'pipeline.yaml'), stringify(baseDocument()));
writeFileSync(join(dir, 'two-regions.yaml'), stringify({ ...baseDocument(), stages: [{ name: 'Prod', account: '333333333333', regions: ['eu-west-1', 'eu-central-1'] }] }));
writeFileSync(join(dir, 'bad.yaml'), stringify({ ...baseDocument(), training: { maxRuntimeSeconds: 3600, maxWaitSeconds: 600 } }));

describe('readTrainingTarget', () => {
  it('reads the deployed names the pipeline sets', () => {
    expect(readTrainingTarget(stepEnv())).toMatchObject({ subnetIds: ['subnet-0aaa', 'subnet-0bbb'], securityGroupId: 'sg-0ccc', expectedModelKey: undefined });
  });

  it('fails when variables are missing or malformed, listing every one', () => {
    let error: unknown;
    try {
      readTrainingTarget(stepEnv({ TRAINING_IMAGE_URI: undefined, MODELS_BUCKET: '', TRAINING_SUBNET_IDS: 'vpc-1', TRAINING_ROLE_ARN: 'training-role' }));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StepEnvironmentError);
    expect((error as StepEnvironmentError).problems).toEqual([
      'TRAINING_IMAGE_URI is not set: the training image URI (Train stage output TrainingImageUri)',
      'MODELS_BUCKET is not set: the models bucket name (output ModelsBucketName)',
      'TRAINING_ROLE_ARN "training-role" is not an IAM role ARN such as "arn:aws:iam::111111111111:role/mlops-training-execution"',
      'TRAINING_SUBNET_IDS "vpc-1" must list 1 to 16 subnet ids separated by commas, e.g. "subnet-0abc,subnet-0def"',
    ]);
  });
});

describe('mlpipe train', () => {
  it('fails when a step variable is missing, naming it', async () => {
    const run = io(stepEnv({ MODEL_KMS_KEY_ARN: undefined }), dir);
    await expect(trainCommand.run([], run.io)).resolves.toBe(ExitCode.STEP_ENVIRONMENT);
    expect(run.err.join('')).toContain('MODEL_KMS_KEY_ARN is not set');
  });

  it('fails when a stage deploys to another region and its models bucket variable is missing', async () => {
    const run = io(stepEnv({ MODEL_KMS_KEY_ARN_EU_CENTRAL_1: 'arn:aws:kms:eu-central-1:111111111111:key/frankfurt' }), dir);
    await expect(trainCommand.run(['--config', 'two-regions.yaml'], run.io)).resolves.toBe(ExitCode.STEP_ENVIRONMENT);
    expect(run.err.join('')).toContain('MODELS_BUCKET_EU_CENTRAL_1 is not set: the models bucket of eu-central-1');
  });

  it('documents the regional variables and the regional copy exit code in --help', () => {
    expect(trainCommand.help).toContain('MODELS_BUCKET_<REGION>');
    expect(trainCommand.help).toContain('MODEL_KMS_KEY_ARN_<REGION>');
    expect(trainCommand.help).toMatch(/\n {2}36 {2}a model is in the home bucket but a regional copy failed/);
    expect(trainCommand.help).toMatch(/\n {2}37 {2}several models failed in different ways/);
  });

  it('fails when the config has a wait shorter than the runtime', async () => {
    const run = io(stepEnv(), dir);
    await expect(trainCommand.run(['--config', 'bad.yaml'], run.io)).resolves.toBe(ExitCode.CONFIG);
    expect(run.err.join('')).toContain('training.maxWaitSeconds: 600 is less than maxRuntimeSeconds (3600)');
  });

  it('documents the stop exit code and --stop-wait in --help', () => {
    expect(trainCommand.help).toMatch(/\n {2}39 {2}the command was stopped \(SIGTERM, SIGINT\): it stopped the training jobs it had started/);
    expect(trainCommand.help).toContain('--stop-wait SECONDS');
  });

  it('fails when --stop-wait is not a whole number of seconds up to 600, saying what is accepted', async () => {
    for (const bad of ['1.5', '601', 'soon', '0x10']) {
      const run = io(stepEnv(), dir);
      await expect(trainCommand.run(['--stop-wait', bad], run.io)).resolves.toBe(ExitCode.USAGE);
      expect(run.err.join('')).toBe(`mlpipe train: --stop-wait ${bad} is not a whole number of seconds from 0 to 600, e.g. --stop-wait 90\nsee: mlpipe train --help\n`);
    }
  });

  it('fails when a flag is unknown', async () => {
    const run = io(stepEnv(), dir);
    await expect(trainCommand.run(['--wait'], run.io)).resolves.toBe(ExitCode.USAGE);
    expect(run.err.join('')).toBe("mlpipe train: unknown flag '--wait'\nsee: mlpipe train --help\n");
  });

  it('fails when the image is not tagged with an asset hash', async () => {
    const run = io(stepEnv({ TRAINING_IMAGE_URI: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/training:latest' }), dir);
    await expect(trainCommand.run([], run.io)).resolves.toBe(ExitCode.FAILED);
    expect(run.err.join('')).toContain('does not end in a CDK asset hash tag');
  });
});
